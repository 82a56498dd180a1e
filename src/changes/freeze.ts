/**
 * @module changes/freeze
 * The workspace's deploy freeze as a rule: it holds while any open incident of a freezing severity
 * does, and is lifted when the last one stops holding it. Pure: who holds it before and after a
 * change in, what changed (and what to tell people) out.
 */
import type { Severity } from '../incident/severity.js';
import type { IncidentState } from '../incident/state.js';

/** One incident holding the freeze, as kept in Redis (the title only of public incidents). */
export interface FreezeHolder {
  incidentId: string;
  severity: Severity;
  /** When it started holding the freeze (epoch ms). */
  since: number;
  private: boolean;
  title?: string;
}

export type FreezeChangeKind = 'frozen' | 'joined' | 'released' | 'lifted' | 'none';

export interface FreezeChange {
  kind: FreezeChangeKind;
  /** The incident whose change this is. */
  holder: FreezeHolder;
  /** Everyone holding the freeze after the change, oldest first. */
  holders: FreezeHolder[];
}

/** Whether the incident, as it is now, holds the freeze. */
export function holdsFreeze(state: IncidentState, severities: readonly Severity[]): boolean {
  return state.status !== 'resolved' && severities.includes(state.severity);
}

/** The incident as a holder of the freeze, starting now if it did not hold it before. */
export function holderOf(state: IncidentState, since: number): FreezeHolder {
  return {
    incidentId: state.id,
    severity: state.severity,
    since,
    private: state.private,
    ...(state.private ? {} : { title: state.title }),
  };
}

/**
 * What one incident's change did to the freeze, from who held it before and after.
 * @example
 * freezeChange({}, { 'INC-1': h1 }, 'INC-1').kind // 'frozen'
 */
export function freezeChange(
  before: Readonly<Record<string, FreezeHolder>>,
  after: Readonly<Record<string, FreezeHolder>>,
  incidentId: string,
): Omit<FreezeChange, 'holder'> & { holder: FreezeHolder | undefined } {
  const was = Object.hasOwn(before, incidentId);
  const is = Object.hasOwn(after, incidentId);
  const holders = Object.values(after).sort((a, b) => a.since - b.since);
  const holder = after[incidentId] ?? before[incidentId];
  const others = holders.filter((h) => h.incidentId !== incidentId).length;
  let kind: FreezeChangeKind = 'none';
  if (!was && is) kind = others === 0 ? 'frozen' : 'joined';
  if (was && !is) kind = others === 0 ? 'lifted' : 'released';
  return { kind, holder, holders };
}

/** How a holder is named outside its channel: a private incident is only "a private incident". */
export function holderName(holder: FreezeHolder): string {
  return holder.private ? 'a private incident' : `${holder.incidentId} (${holder.severity.toUpperCase()})`;
}

/** What a pipeline is told: frozen or not, and by whom (`GET /api/freeze`, `warroom freeze check`). */
export function freezeStatus(holders: readonly FreezeHolder[]) {
  return {
    frozen: holders.length > 0,
    incidents: holders.map((h) =>
      h.private
        ? { id: null, private: true, label: holderName(h) }
        : { id: h.incidentId, severity: h.severity, since: new Date(h.since).toISOString(), label: holderName(h) },
    ),
  };
}

/** A deploy that a pipeline asks about: which service and version, when it says. */
export interface DeployQuestion {
  service?: string | undefined;
  version?: string | undefined;
}

export interface DeployVerdict {
  /** Whether the pipeline may deploy now. */
  go: boolean;
  /** In words for the pipeline's log. */
  reason: string;
  /** A rollback warroom is running and this is its deploy. */
  rollback?: { incidentId: string } | undefined;
}

/**
 * Whether a deploy may go: a rollback warroom started always may; a version warroom rolled back in an
 * incident still open may not; anything else may unless the freeze holds.
 */
export function deployVerdict(
  holders: readonly FreezeHolder[],
  running: readonly { incidentId: string; service: string; version: string }[],
  rolledBack: readonly { incidentId: string; service: string; version: string; private: boolean }[],
  question: DeployQuestion,
): DeployVerdict {
  const { service, version } = question;
  const rollback = service && version ? running.find((r) => r.service === service && r.version === version) : undefined;
  if (rollback) {
    return {
      go: true,
      reason: `this is the rollback warroom started for ${rollback.incidentId}: the freeze does not hold it back`,
      rollback: { incidentId: rollback.incidentId },
    };
  }
  const undone =
    service && version ? rolledBack.find((r) => r.service === service && r.version === version) : undefined;
  if (undone) {
    const where = undone.private ? 'a private incident' : undone.incidentId;
    return {
      go: false,
      reason: `${service} ${version} was rolled back in ${where}; deploying it again waits until that incident is resolved`,
    };
  }
  if (holders.length === 0) return { go: true, reason: 'no incident holds the deploy freeze' };
  return {
    go: false,
    reason: `deploys are frozen: held by ${holders.map(holderName).join(', ')}; deploy when they are resolved`,
  };
}
