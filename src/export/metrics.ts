/**
 * @module export/metrics — the timeline's metrics: status and severity changes, the key durations from the log with
 * the words that define them, and the time spent in each status and severity.
 */

import { type RecordedEvent, SYSTEM_ACTOR } from '../incident/events.js';
import { COMMANDER } from '../incident/roles.js';
import type { Severity } from '../incident/severity.js';
import type { IncidentState } from '../incident/state.js';
import type { Status } from '../incident/status.js';
import { audienceOf } from './customers.js';
import { FIRST_EXTERNAL_MILESTONE, FIRST_INTERNAL_MILESTONE } from './customers-text.js';
import type { Durations, KeyDuration, Metrics, PhaseView, Timeline } from './model.js';

const IDENTIFIED_OR_BEYOND: readonly Status[] = ['identified', 'mitigating', 'monitoring'];
const MITIGATING_OR_BEYOND: readonly Status[] = ['mitigating', 'monitoring'];

/** The status from each moment on, starting with Investigating at the declare. */
export function statusChangesOf(log: readonly RecordedEvent[], state: IncidentState): Timeline['statusChanges'] {
  const changes: Timeline['statusChanges'] = [{ at: state.declaredAt, status: 'investigating' }];
  for (const event of log) {
    if (event.type === 'StatusChanged') changes.push({ at: event.at, status: event.data.to });
    if (event.type === 'IncidentResolved') changes.push({ at: event.at, status: 'resolved' });
    if (event.type === 'IncidentReopened') changes.push({ at: event.at, status: 'investigating' });
  }
  return changes;
}

/** The severity from each moment on, starting with the declared one. */
export function severityChangesOf(log: readonly RecordedEvent[], state: IncidentState): Timeline['severityChanges'] {
  const declared = log.find((e) => e.type === 'IncidentDeclared');
  const first = declared?.type === 'IncidentDeclared' ? declared.data.severity : state.severity;
  const changes: Timeline['severityChanges'] = [{ at: state.declaredAt, severity: first }];
  for (const event of log) {
    if (event.type === 'SeverityChanged') changes.push({ at: event.at, severity: event.data.to });
  }
  return changes;
}

/** How long each value held, from its change to the next one, all ending at `end`; values never held are absent. */
function timeIn<K extends string>(
  changes: readonly { at: number; value: K }[],
  end: number,
): Partial<Record<K, number>> {
  const totals: Partial<Record<K, number>> = {};
  changes.forEach((change, i) => {
    const until = Math.min(changes[i + 1]?.at ?? end, end);
    // A value entered at the end (the final resolve) or left at once was never held.
    if (until > change.at) totals[change.value] = (totals[change.value] ?? 0) + (until - change.at);
  });
  return totals;
}

/**
 * When customers were first told, counted from `start`: the first status-page publish Statuspage took; without one,
 * the first update for customers posted in Slack (audienceOf: for an older log, one written from a customer draft);
 * null, and from null, when neither happened. A refused publish never counts: customers did not see it.
 * @example
 * firstExternalOf(log, start) // { timeToFirstExternalMs: 300000, firstExternalFrom: 'status-page' }
 */
export function firstExternalOf(
  log: readonly RecordedEvent[],
  start: number,
): Pick<Metrics, 'timeToFirstExternalMs' | 'firstExternalFrom'> {
  // The earliest by `at`, as the customer section orders them, whatever order the log recorded them in.
  const earliest = (match: (event: RecordedEvent) => boolean): RecordedEvent | undefined =>
    log
      .filter(match)
      .reduce<RecordedEvent | undefined>((first, e) => (first && first.at <= e.at ? first : e), undefined);
  const published = earliest((e) => e.type === 'StatusPagePublished');
  if (published) return { timeToFirstExternalMs: published.at - start, firstExternalFrom: 'status-page' };
  const posted = earliest((e) => e.type === 'UpdatePosted' && audienceOf(e.data) === 'customers');
  if (posted) return { timeToFirstExternalMs: posted.at - start, firstExternalFrom: 'slack-draft' };
  return { timeToFirstExternalMs: null, firstExternalFrom: null };
}

/**
 * Every metric of the timeline: the key durations with their definitions (`durations`), the v1 durations the JSON
 * keeps for its readers, and the time in each status and severity, ending at `end`. `start` is the impact start, else
 * the declare; a duration whose milestone never happened is null.
 */
export function metricsOf(
  log: readonly RecordedEvent[],
  state: IncidentState,
  start: number,
  end: number,
  statusChanges: Timeline['statusChanges'],
  severityChanges: Timeline['severityChanges'],
): Metrics {
  const firstAt = (match: (event: RecordedEvent) => boolean): number | null => {
    const found = log.find(match);
    return found ? found.at - start : null;
  };
  return {
    startedFrom: state.impactStartedAt !== undefined ? 'impact' : 'declare',
    durations: durationsOf(log, state),
    timeToIdentifyMs: firstAt(statusTo(IDENTIFIED_OR_BEYOND)),
    timeToRollbackMs: firstAt(statusTo(['monitoring'])),
    timeToFirstCommunicationMs: firstAt((e) => e.type === 'UpdatePosted'),
    ...firstExternalOf(log, start),
    timeToMitigateMs: firstAt(statusTo(MITIGATING_OR_BEYOND)),
    timeToResolveMs: state.resolvedAt !== undefined ? state.resolvedAt - start : null,
    timeInStatusMs: timeIn<Status>(
      statusChanges.map((c) => ({ at: c.at, value: c.status })),
      end,
    ),
    timeInSeverityMs: timeIn<Severity>(
      severityChanges.map((c) => ({ at: c.at, value: c.severity })),
      end,
    ),
  };
}

const statusTo = (statuses: readonly Status[]) => (e: RecordedEvent) =>
  e.type === 'StatusChanged' && statuses.includes(e.data.to);

/** A milestone reached: when, and which way. */
interface Reached<M extends string> {
  at: number;
  milestone: M;
}

/**
 * The key durations, rebuilt from the log, each with its one-line definition. Detect counts from the impact start to
 * the declare, acknowledge from the declare; the others from the impact start when one was recorded (the latest),
 * else from the declare.
 * @example
 * durationsOf(log, state).mitigate
 * // { ms: 2_160_000, countsFrom: 'impact', milestone: 'key-metric', definition: 'impact start → impact ended, by the key metric checkout error rate (payments-api): its first healthy minute', … }
 */
export function durationsOf(log: readonly RecordedEvent[], state: IncidentState): Durations {
  const impact = state.impactStartedAt;
  const countsFrom = impact !== undefined ? 'impact' : 'declare';
  const start = impact ?? state.declaredAt;
  const from = impact !== undefined ? 'impact start' : 'declare';
  const counted = <M extends string>(reached: Reached<M> | null, definition: string): KeyDuration<M> => ({
    ms: reached === null ? null : reached.at - start,
    countsFrom,
    from: start,
    to: reached?.at ?? null,
    milestone: reached?.milestone ?? null,
    definition,
  });
  const first = <M extends string>(match: (e: RecordedEvent) => boolean, milestone: M): Reached<M> | null => {
    const found = log.find(match);
    return found ? { at: found.at, milestone } : null;
  };

  const acknowledged = acknowledgedOf(log);
  const suspect = log.find((e) => e.type === 'SuspectNamed');
  const identified: Reached<'suspect' | 'status'> | null = suspect
    ? { at: suspect.at, milestone: 'suspect' }
    : first(statusTo(IDENTIFIED_OR_BEYOND), 'status');
  const recovery = log.find((e) => e.type === 'RecoveryObserved');
  const mitigated: Reached<'key-metric' | 'monitoring'> | null = recovery
    ? { at: recovery.at, milestone: 'key-metric' }
    : first(statusTo(['monitoring']), 'monitoring');
  const external = firstExternalOf(log, start);
  const reopened = log.some((e) => e.type === 'IncidentReopened');

  return {
    detect:
      impact === undefined
        ? unreached('impact', null, 'impact start → declare: impact start not recorded')
        : {
            ms: state.declaredAt - impact,
            countsFrom: 'impact',
            from: impact,
            to: state.declaredAt,
            milestone: 'declare',
            definition: 'impact start → declare',
          },
    acknowledge: {
      ms: acknowledged === null ? null : acknowledged.at - state.declaredAt,
      countsFrom: 'declare',
      from: state.declaredAt,
      to: acknowledged?.at ?? null,
      milestone: acknowledged?.milestone ?? null,
      definition: `declare → a person in command: ${ACKNOWLEDGED[acknowledged?.milestone ?? 'never']}`,
    },
    identify: counted(
      identified,
      identified === null
        ? `${from} → the first suspect named, else the first move to Identified or beyond: neither happened`
        : identified.milestone === 'suspect'
          ? `${from} → the first suspect named ([Suspect] on a deploy)`
          : `${from} → the first move to Identified or beyond (no suspect deploy was named in warroom)`,
    ),
    mitigate: counted(
      mitigated,
      recovery?.type === 'RecoveryObserved'
        ? `${from} → impact ended, by the key metric ${keyMetricName(recovery.data)}: its first healthy minute`
        : mitigated !== null
          ? `${from} → impact ended, by the first move to Monitoring (no recovery was recorded on the key metric)`
          : `${from} → impact ended (the key metric's first healthy minute, else the first move to Monitoring): neither happened`,
    ),
    resolve: counted(
      state.resolvedAt === undefined ? null : { at: state.resolvedAt, milestone: 'resolved' as const },
      state.resolvedAt === undefined
        ? `${from} → resolved: not resolved at the export${reopened ? ' (reopened)' : ''}`
        : `${from} → resolved${reopened ? ' (the last resolution: it was reopened)' : ''}`,
    ),
    firstInternal: counted(
      first((e) => e.type === 'UpdatePosted', 'update'),
      `${from} → the ${FIRST_INTERNAL_MILESTONE}`,
    ),
    firstExternal: counted(
      external.firstExternalFrom === null || external.timeToFirstExternalMs === null
        ? null
        : { at: start + external.timeToFirstExternalMs, milestone: external.firstExternalFrom },
      `${from} → the ${FIRST_EXTERNAL_MILESTONE}`,
    ),
  };
}

/** A duration whose milestone (or, for detect, whose start) was never recorded. */
function unreached<M extends string>(
  countsFrom: KeyDuration<M>['countsFrom'],
  from: number | null,
  definition: string,
): KeyDuration<M> {
  return { ms: null, countsFrom, from, to: null, milestone: null, definition };
}

/** How a person came to be in command, in the words of the time to acknowledge. */
const ACKNOWLEDGED: Record<NonNullable<Durations['acknowledge']['milestone']> | 'never', string> = {
  declare: 'the declarer, seated as commander by their own declare (0 by definition)',
  handoff: 'the first commander handoff a person accepted (warroom declared it; no person was in command before)',
  assignment: 'command first given to someone by a person (warroom declared it; no person was in command before)',
  never: 'warroom declared it and no person took command',
};

/**
 * When a person was first in command, and how. warroom seats the declarer as commander at the declare: a person's
 * declare is a person in command at once. Only a declare that warroom made itself leaves command to be taken, by a
 * commander handoff a person accepts or command a person assigns; whatever warroom did on its own never counts.
 */
function acknowledgedOf(log: readonly RecordedEvent[]): Reached<'declare' | 'handoff' | 'assignment'> | null {
  for (const event of log) {
    if (event.actor === SYSTEM_ACTOR) continue;
    if (event.type === 'IncidentDeclared') return { at: event.at, milestone: 'declare' };
    if (event.type === 'HandoffAccepted' && event.data.role === COMMANDER)
      return { at: event.at, milestone: 'handoff' };
    if (event.type === 'RoleAssigned' && event.data.role === COMMANDER)
      return { at: event.at, milestone: 'assignment' };
  }
  return null;
}

/** `checkout error rate (payments-api)`, or the service's key metric when the catalog gave it no label. */
function keyMetricName(recovery: { service: string; label: string }): string {
  const label = recovery.label.trim();
  return label ? `${label} (${recovery.service})` : `of ${recovery.service}`;
}

/** What a phase's duration counts, in one line. */
export const PHASE_DURATION_DEFINITION =
  "from the phase's start (the declare for the first phase and for those that run alongside; for the others, the phase before finished or one of its own steps first acted on, whichever came first) to its last step done or skipped";

/** How long a phase of the protocol took: null while any of its steps is open (or it never started). */
export function phaseDurationMs(phase: PhaseView): number | null {
  return phase.startedAt === null || phase.endedAt === null ? null : phase.endedAt - phase.startedAt;
}

/**
 * How long before the impact start and the declare the suspect deploy went live: positive when it went live before,
 * negative when after; to the impact start null when no impact start was recorded (it is never taken to be the
 * declare), and both null without a suspect.
 * @example
 * suspectLeadOf(deploy.at, { impactStartedAt: deploy.at + 9 * 60_000, declaredAt: deploy.at + 14 * 60_000 })
 * // { suspectToImpactMs: 540000, suspectToDeclareMs: 840000 }
 */
export function suspectLeadOf(
  liveAt: number | null,
  incident: { impactStartedAt: number | null; declaredAt: number },
): { suspectToImpactMs: number | null; suspectToDeclareMs: number | null } {
  if (liveAt === null) return { suspectToImpactMs: null, suspectToDeclareMs: null };
  return {
    suspectToImpactMs: incident.impactStartedAt === null ? null : incident.impactStartedAt - liveAt,
    suspectToDeclareMs: incident.declaredAt - liveAt,
  };
}
