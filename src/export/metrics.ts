/** @module export/metrics — the timeline's metrics: status and severity changes, time to each milestone and in each. */

import type { RecordedEvent } from '../incident/events.js';
import type { Severity } from '../incident/severity.js';
import type { IncidentState } from '../incident/state.js';
import type { Status } from '../incident/status.js';
import { audienceOf } from './customers.js';
import type { Metrics, Timeline } from './model.js';

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

/** The key durations, counted from `start` (the impact start, else the declare); null when never reached. */
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
  const statusTo = (statuses: readonly Status[]) => (e: RecordedEvent) =>
    e.type === 'StatusChanged' && statuses.includes(e.data.to);
  return {
    startedFrom: state.impactStartedAt !== undefined ? 'impact' : 'declare',
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
