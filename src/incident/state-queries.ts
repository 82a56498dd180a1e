/**
 * @module incident/state-queries
 * Questions asked of an incident's state in many places: the current suspect, the latest and the active
 * rollback, the pending offer for a role. Pure.
 */
import type { HandoffOffer, IncidentState, RollbackRecord, SuspectRecord } from './state.js';

/** The suspect named last, if any. */
export function currentSuspect(state: IncidentState): SuspectRecord | undefined {
  return state.suspects.at(-1);
}

/** The latest rollback, whatever became of it. */
export function latestRollback(state: IncidentState): RollbackRecord | undefined {
  const id = state.rollbackOrder.at(-1);
  return id === undefined ? undefined : state.rollbacks[id];
}

/** The rollback under way (requested or dispatched, not yet deployed or failed), if any. */
export function activeRollback(state: IncidentState): RollbackRecord | undefined {
  const latest = latestRollback(state);
  return latest && (latest.status === 'requested' || latest.status === 'dispatched') ? latest : undefined;
}

/** The pending offer for a role, if any. */
export function pendingOfferFor(state: IncidentState, role: string): HandoffOffer | undefined {
  return Object.values(state.offers).find((offer) => offer.role === role);
}
