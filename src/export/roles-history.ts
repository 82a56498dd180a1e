/** @module export/roles-history — who held each role when, and every handoff offer with its answer. */

import type { RecordedEvent } from '../incident/events.js';
import { COMMANDER, roleLabel } from '../incident/roles.js';
import type { Rules } from '../incident/rules.js';
import type { HandoffRecord, RoleHistory } from './model.js';

/** Who held each role when: every role of the policy (in its order), then any other role the log names. */
export function rolesOf(log: readonly RecordedEvent[], rules: Rules): RoleHistory[] {
  const holders = new Map<string, RoleHistory['holders']>(rules.roles.roles.map((r) => [r.name, []]));
  const seat = (role: string, user: string | undefined, at: number) => {
    const list = holders.get(role) ?? [];
    const current = list.at(-1);
    if (current && current.to === null) current.to = at;
    if (user) list.push({ user, from: at, to: null });
    holders.set(role, list);
  };
  for (const event of log) {
    if (event.type === 'IncidentDeclared') seat(COMMANDER, event.actor, event.at);
    if (event.type === 'RoleAssigned') seat(event.data.role, event.data.user, event.at);
    if (event.type === 'RoleUnassigned') seat(event.data.role, undefined, event.at);
    if (event.type === 'HandoffAccepted') seat(event.data.role, event.data.to, event.at);
  }
  return [...holders].map(([role, list]) => ({ role, label: roleLabel(rules.roles, role), holders: list }));
}

/** How each handoff ended, as the exports name it. */
export const HANDOFF_OUTCOMES: Record<HandoffRecord['outcome'], string> = {
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
  pending: 'Never answered',
};

/** Every handoff offer with its answer (pending when nobody answered). */
export function handoffsOf(log: readonly RecordedEvent[], rules: Rules): HandoffRecord[] {
  const offers = new Map<string, HandoffRecord>();
  const answer = (offerId: string, at: number, outcome: HandoffRecord['outcome'], reason: string | null) => {
    const offer = offers.get(offerId);
    if (offer && offer.outcome === 'pending') Object.assign(offer, { answeredAt: at, outcome, reason });
  };
  for (const event of log) {
    switch (event.type) {
      case 'HandoffOffered':
        offers.set(event.data.offerId, {
          role: event.data.role,
          label: roleLabel(rules.roles, event.data.role),
          from: event.data.from ?? null,
          to: event.data.to,
          offeredAt: event.at,
          answeredAt: null,
          outcome: 'pending',
          reason: null,
        });
        break;
      case 'HandoffAccepted':
        answer(event.data.offerId, event.at, 'accepted', null);
        break;
      case 'HandoffDeclined':
        answer(event.data.offerId, event.at, 'declined', event.data.reason ?? null);
        break;
      case 'HandoffExpired':
        answer(event.data.offerId, event.at, 'expired', null);
        break;
      case 'HandoffWithdrawn':
        answer(event.data.offerId, event.at, 'withdrawn', null);
        break;
      default:
        break;
    }
  }
  return [...offers.values()];
}
