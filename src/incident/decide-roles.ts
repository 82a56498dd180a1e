/**
 * @module incident/decide-roles
 * Roles and handoffs. A role held by someone changes hands only by its holder or the commander; an
 * empty role can be taken by anyone for themselves. Command moves only through a handoff that the
 * receiver accepts: until then the old commander stays.
 */
import { type NewEvent, newEvent, SYSTEM_ACTOR } from './events.js';
import { COMMANDER, findRole, type RolePolicy, roleLabel } from './roles.js';
import { commanderOf, type IncidentState, ownEntry, pendingOfferFor } from './state.js';

export type RoleCommand =
  | { type: 'assignRole'; role: string; user: string }
  | { type: 'unassignRole'; role: string }
  | { type: 'offerHandoff'; role: string; to: string }
  | { type: 'acceptHandoff'; offerId: string }
  | { type: 'declineHandoff'; offerId: string; reason?: string | undefined }
  | { type: 'expireHandoff'; offerId: string };

export type RoleDecision =
  | { ok: true; events: NewEvent[]; note?: string }
  | { ok: false; error: { code: RoleErrorCode; message: string } };

export type RoleErrorCode = 'unknown_role' | 'not_allowed' | 'needs_successor' | 'offer_closed' | 'resolved';

interface Meta {
  actor: string;
  at: number;
}

const refuse = (code: RoleErrorCode, message: string): RoleDecision => ({ ok: false, error: { code, message } });
const noop = (note: string): RoleDecision => ({ ok: true, events: [], note });

function roleNames(policy: RolePolicy): string {
  return policy.roles.map((r) => `\`${r.name}\``).join(', ');
}

/** Who may change who holds `role` right now, in words, for refusals. */
function whoMay(state: IncidentState, role: string, policy: RolePolicy): string {
  const holder = state.roles[role];
  const commander = commanderOf(state);
  const label = roleLabel(policy, role);
  if (!holder || holder === commander) return `the commander (<@${commander}>)`;
  return `<@${holder}> (${label}) or the commander (<@${commander}>)`;
}

function withdrawPending(state: IncidentState, role: string, meta: Meta): NewEvent[] {
  const pending = pendingOfferFor(state, role);
  return pending ? [newEvent('HandoffWithdrawn', { offerId: pending.offerId, role, to: pending.to }, meta)] : [];
}

export function decideRoles(state: IncidentState, command: RoleCommand, meta: Meta, policy: RolePolicy): RoleDecision {
  const { actor } = meta;
  const commander = commanderOf(state);
  switch (command.type) {
    case 'assignRole': {
      const role = findRole(policy, command.role);
      if (!role) return refuse('unknown_role', `There is no role \`${command.role}\`; roles are ${roleNames(policy)}.`);
      if (state.status === 'resolved') return refuse('resolved', `${state.id} is resolved; reopen it to change roles.`);
      if (role.name === COMMANDER) {
        return refuse(
          'not_allowed',
          `Command changes hands only when the new commander accepts: \`/incident handoff commander <@${command.user}>\`.`,
        );
      }
      const holder = state.roles[role.name];
      if (holder === command.user) return noop(`<@${command.user}> is already ${role.label}.`);
      const selfTakingEmptyRole = !holder && command.user === actor;
      const allowed = selfTakingEmptyRole || actor === commander || actor === holder;
      if (!allowed) {
        return refuse(
          'not_allowed',
          `Only ${whoMay(state, role.name, policy)} can give ${role.label} to someone else.`,
        );
      }
      return {
        ok: true,
        events: [
          ...withdrawPending(state, role.name, meta),
          newEvent(
            'RoleAssigned',
            { role: role.name, user: command.user, ...(holder ? { previous: holder } : {}) },
            meta,
          ),
        ],
      };
    }
    case 'unassignRole': {
      const role = findRole(policy, command.role);
      if (!role) return refuse('unknown_role', `There is no role \`${command.role}\`; roles are ${roleNames(policy)}.`);
      if (role.name === COMMANDER) {
        return refuse(
          'needs_successor',
          'The commander cannot just leave: hand off with `/incident handoff commander @someone`, who must accept.',
        );
      }
      const holder = state.roles[role.name];
      if (!holder) return noop(`Nobody is ${role.label}.`);
      if (actor !== holder && actor !== commander) {
        return refuse('not_allowed', `Only ${whoMay(state, role.name, policy)} can unassign ${role.label}.`);
      }
      return {
        ok: true,
        events: [
          ...withdrawPending(state, role.name, meta),
          newEvent('RoleUnassigned', { role: role.name, previous: holder }, meta),
        ],
      };
    }
    case 'offerHandoff': {
      const role = findRole(policy, command.role);
      if (!role) return refuse('unknown_role', `There is no role \`${command.role}\`; roles are ${roleNames(policy)}.`);
      if (state.status === 'resolved')
        return refuse('resolved', `${state.id} is resolved; there is nothing to hand off.`);
      const holder = state.roles[role.name];
      if (!holder) {
        return refuse(
          'not_allowed',
          `Nobody is ${role.label} yet: assign it with \`/incident role ${role.name} @someone\`.`,
        );
      }
      // Nobody holds command yet (warroom declared it from an alert): anyone may offer it, to themselves too.
      const unheld = holder === SYSTEM_ACTOR;
      if (actor !== holder && actor !== commander && !unheld) {
        return refuse('not_allowed', `Only ${whoMay(state, role.name, policy)} can hand off ${role.label}.`);
      }
      if (command.to === holder) return noop(`<@${command.to}> is already ${role.label}.`);
      const pending = pendingOfferFor(state, role.name);
      if (pending?.to === command.to) return noop(`<@${command.to}> already has an offer to become ${role.label}.`);
      const offer = {
        offerId: `${role.name}-${meta.at}`,
        role: role.name,
        ...(unheld ? {} : { from: holder }),
        to: command.to,
        expiresAt: meta.at + policy.offerExpiresAfterMs,
      };
      return {
        ok: true,
        events: [...withdrawPending(state, role.name, meta), newEvent('HandoffOffered', offer, meta)],
      };
    }
    case 'acceptHandoff':
    case 'declineHandoff': {
      if (state.status === 'resolved') {
        return refuse(
          'resolved',
          `${state.id} is resolved; there is nothing to take over. Reopen it first if it is not over.`,
        );
      }
      const offer = ownEntry(state.offers, command.offerId);
      if (!offer) {
        const mine = Object.entries(state.roles).find(([, user]) => user === actor);
        if (command.type === 'acceptHandoff' && mine) return noop(`You are ${roleLabel(policy, mine[0])} already.`);
        return refuse('offer_closed', 'This offer is no longer open: it was answered, withdrawn, or it expired.');
      }
      if (actor !== offer.to) {
        return refuse('not_allowed', `Only <@${offer.to}> can answer this offer of ${roleLabel(policy, offer.role)}.`);
      }
      if (command.type === 'acceptHandoff') {
        const held = state.roles[offer.role];
        const from = held === SYSTEM_ACTOR ? undefined : held;
        return {
          ok: true,
          events: [
            newEvent(
              'HandoffAccepted',
              { offerId: offer.offerId, role: offer.role, ...(from ? { from } : {}), to: offer.to },
              meta,
            ),
          ],
        };
      }
      const reason = command.reason?.trim();
      return {
        ok: true,
        events: [
          newEvent(
            'HandoffDeclined',
            { offerId: offer.offerId, role: offer.role, to: offer.to, ...(reason ? { reason } : {}) },
            meta,
          ),
        ],
      };
    }
    case 'expireHandoff': {
      const offer = ownEntry(state.offers, command.offerId);
      if (!offer || state.status === 'resolved')
        return noop('The offer was already answered, or the incident is over.');
      if (meta.at < offer.expiresAt) return noop('The offer has not expired yet.');
      return {
        ok: true,
        events: [newEvent('HandoffExpired', { offerId: offer.offerId, role: offer.role, to: offer.to }, meta)],
      };
    }
  }
}
