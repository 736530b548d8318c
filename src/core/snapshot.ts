import { unreadItems, type Observables } from './detect/gatherEvidence';
import { evaluatePolicySteps, type Finding } from './findings';
import type { ClockState, Subject } from './phase';
import type { EffectivePolicy } from './policy/mergeLayers';
import type { Translate } from './present/localize';
import type { AllowedSettings } from './present/blockedBy';
import { buildPanelModelSteps, SHOWN_CARDS, type PanelContext, type PanelModel } from './present/panelModel';
import { runToEnd, type Steps } from './steps';
import { buildStatusView, type StatusView } from './present/statusView';
import { EMPTY_MEMORY, type FindingMemory } from './acknowledgements';

/**
 * One published state of the whole flow, sources → policy → findings → views. Every view
 * and effect (status bar, panel, notifications, enforcement, report) reads the same one,
 * so they can never disagree.
 */
export interface Snapshot {
  /** Counts up with every publication. */
  readonly generation: number;
  /** False until the policy files have been read once: an unread policy must not undo a block. */
  readonly loaded: boolean;
  readonly policy: EffectivePolicy;
  readonly findings: readonly Finding[];
  readonly status: StatusView;
  /** The whole panel model, a card per finding (the exported report), built on first read. */
  readonly panel: PanelModel;
  /** The same model built in pieces (src/core/steps.ts), or the one already built; either way built once. */
  panelSteps(): Steps<PanelModel>;
  /**
   * What the panel shows, in pieces: the first SHOWN_CARDS cards and how many more there
   * are. The same object as the whole model when the findings are no more than that.
   */
  shownPanelSteps(): Steps<PanelModel>;
  /** The (monotonic) time the phases were computed at. */
  readonly now: Date;
  /** Who and where the phases were computed for. */
  readonly subject: Subject;
  /** What the phases were computed from (for the exported report). */
  readonly seen: Observables;
  /** Acknowledgements and first-seen times from the state folder (for the panel and the exported report). */
  readonly memory: FindingMemory;
}

export interface SnapshotInputs {
  readonly generation: number;
  readonly loaded: boolean;
  readonly policy: EffectivePolicy;
  readonly seen: Observables;
  readonly now: Date;
  readonly subject: Subject;
  readonly t: Translate;
  readonly showWhenCompliant: boolean;
  /** Display language, for dates in the panel. */
  readonly locale: string;
  /** Extension ids `enforce: block` has disabled. */
  readonly enforced: readonly string[];
  /** `extensions.allowed` as the editor reports it, to say who disabled an extension. */
  readonly allowed?: Omit<AllowedSettings, 'enforcedByUs'>;
  /** The clock's state, so the panel can say when deadlines run from the remembered latest time. */
  readonly clock?: ClockState;
  readonly memory?: FindingMemory;
}

/**
 * One snapshot, built at once.
 * @internal the whole of it at once, as the unit tests ask; the editor runs `snapshotSteps`.
 */
export function buildSnapshot(inputs: SnapshotInputs): Snapshot {
  return runToEnd(snapshotSteps(inputs));
}

/** The same, in pieces (src/core/steps.ts): what the editor runs in slices. */
export function* snapshotSteps(inputs: SnapshotInputs): Steps<Snapshot> {
  const { policy, t } = inputs;
  const findings = yield* evaluatePolicySteps(policy, inputs.seen, inputs.now, inputs.subject);
  const status = buildStatusView(policy, findings, inputs.showWhenCompliant, t, inputs.locale, unreadItems(inputs.seen));
  const panelContext: PanelContext = {
    user: inputs.subject.user, now: inputs.now, locale: inputs.locale, enforced: inputs.enforced, ...(inputs.allowed ? { allowed: inputs.allowed } : {}),
    ...(inputs.clock ? { clock: inputs.clock } : {}),
    memory: inputs.memory ?? EMPTY_MEMORY,
  };
  // Built on first need, once: only an open panel or an exported report reads them, and for
  // a large policy they are the costliest part of a refresh.
  const panelSteps = builtOnce(() => buildPanelModelSteps(policy, findings, t, panelContext));
  const shownPanelSteps = findings.length <= SHOWN_CARDS ? panelSteps : builtOnce(() => buildPanelModelSteps(policy, findings, t, panelContext, SHOWN_CARDS));
  return {
    generation: inputs.generation,
    loaded: inputs.loaded,
    policy,
    findings,
    status,
    get panel(): PanelModel {
      return runToEnd(panelSteps());
    },
    panelSteps,
    shownPanelSteps,
    now: inputs.now,
    subject: inputs.subject,
    seen: inputs.seen,
    memory: inputs.memory ?? EMPTY_MEMORY,
  };
}

/**
 * Steps that build a value the first time they are run to the end and give that value
 * after. Two runs side by side (a view and an export) may both build; the first one
 * finished is the one kept.
 */
function builtOnce<T>(build: () => Steps<T>): () => Steps<T> {
  let value: { readonly built: T } | undefined;
  return function* (): Steps<T> {
    if (value) return value.built;
    const built = yield* build();
    value ??= { built };
    return value.built;
  };
}
