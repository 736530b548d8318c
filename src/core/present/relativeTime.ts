import type { PhaseInfo } from '../phase';
import type { Translate } from './localize';

/** "12 days left", "1 day left", "due today", "134 days overdue", "overdue since today". */
export function relativeDeadline(phase: PhaseInfo, t: Translate): string | undefined {
  if (phase.daysLeft !== undefined) {
    if (phase.daysLeft <= 0) return t('due today');
    return phase.daysLeft === 1 ? t('1 day left') : t('{0} days left', phase.daysLeft);
  }
  if (phase.daysOverdue !== undefined) {
    if (phase.daysOverdue <= 0) return t('overdue since today');
    return phase.daysOverdue === 1 ? t('1 day overdue') : t('{0} days overdue', phase.daysOverdue);
  }
  return undefined;
}
