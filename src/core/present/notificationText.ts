import type { Finding } from '../findings';
import { resolveText, type LocalizedText } from '../policy/localizedText';
import { escapeNotificationText } from './escape';
import type { Translate } from './localize';
import { localDate } from './panelModel';
import { relativeDeadline } from './relativeTime';

/**
 * The text of the notification for `due` (the findings that deserve one now, worst
 * first), in the reader's language: the organisation, the rule's own title (which names
 * the tool, or the tool is named before it), the deadline as a date of the reader's
 * language, and the sanctioned alternative. Policy text is escaped so that no name
 * turns into a link.
 */
export function notificationMessage(due: readonly Finding[], organization: LocalizedText | undefined, t: Translate, language: string | undefined): string {
  const org = organization !== undefined ? escapeNotificationText(resolveText(organization, language)) : t('Your organisation');
  const first = due[0];
  if (!first) return '';
  const tools = new Set(due.map((finding) => finding.tool.id));
  if (tools.size > 1) return t('{0}: {1} tools on this machine are not permitted. Open the policy to see what to use instead.', org, tools.size);

  const { rule, tool, phase } = first;
  const toolName = escapeNotificationText(tool.name);
  const title = rule.title !== undefined ? escapeNotificationText(resolveText(rule.title, language)) : undefined;
  const relative = relativeDeadline(phase, t);
  let sentence: string;
  if (phase.phase === 'violation') {
    if (title === undefined) sentence = relative ? t('{0}: {1} is not permitted ({2}).', org, toolName, relative) : t('{0}: {1} is not permitted.', org, toolName);
    else sentence = relative ? t('{0}: {1} ({2}).', org, about(title, toolName), relative) : t('{0}: {1}.', org, about(title, toolName));
  } else {
    const deadline = rule.deadline !== undefined ? localDate(rule.deadline, rule.timezone, language ?? 'en') : rule.deadlineText ?? '';
    sentence = title === undefined
      ? t('{0}: {1} will not be permitted after {2} ({3}).', org, toolName, deadline, relative ?? '')
      : t('{0}: {1} — from {2} ({3}).', org, about(title, toolName), deadline, relative ?? '');
  }
  return rule.alternative !== undefined
    ? t('{0} Use {1} instead.', sentence, escapeNotificationText(resolveText(rule.alternative.name, language)))
    : sentence;
}

/** The title as written when it names the tool; otherwise the tool first, as the status tooltip does. */
function about(title: string, toolName: string): string {
  return title.toLowerCase().includes(toolName.toLowerCase()) ? title : `${toolName} — ${title}`;
}
