/**
 * @module slack/subcommands/resolve
 * `/incident resolve`: opens the resolve modal (a one-line resolution, the postmortem's owner and its
 * review day). Only the commander may.
 */
import { decide } from '../../incident/decide.js';
import { SYSTEM_ACTOR } from '../../incident/events.js';
import type { IncidentState } from '../../incident/state.js';
import type { Services } from '../../services.js';
import { dayOf, reviewDueAt } from '../../templates/postmortem.js';
import { resolveModal } from '../blocks/modals.js';
import { incidentInChannel } from '../incident-lookup.js';
import { openModal, tellPrivately } from '../open-modal.js';
import type { Subcommand } from './types.js';

/** What the resolve form starts with: the commander as owner, and the review day the incident asks for. */
export function postmortemPrefill(services: Services, state: IncidentState): { owner?: string; reviewDate?: string } {
  const tz = services.config.timeZone;
  const commander = state.roles.commander;
  const due = reviewDueAt(
    services.templates.postmortemDue,
    state.severity,
    state.rollbackOrder.length > 0,
    Date.now(),
    tz,
  );
  return {
    ...(commander && commander !== SYSTEM_ACTOR ? { owner: commander } : {}),
    ...(due !== undefined ? { reviewDate: dayOf(due, tz) } : {}),
  };
}

export const resolveSubcommand: Subcommand = {
  name: 'resolve',
  usage: 'resolve',
  summary: 'Resolve the incident (commander only); asks for a one-line resolution.',
  run: async ({ services, command, ack, client, respond }) => {
    const lookup = await incidentInChannel(services, command.channel_id);
    if (!lookup.ok) {
      await ack(lookup.message);
      return;
    }
    // Ask the domain now, so nobody fills in a modal only to be refused on submit.
    const check = decide(lookup.state, { type: 'resolve', summary: '-' }, { actor: command.user_id, at: Date.now() });
    if (!check.ok || check.events.length === 0) {
      await ack(check.ok ? (check.note ?? '') : check.error.message);
      return;
    }
    await ack();
    openModal({
      client,
      triggerId: command.trigger_id,
      view: resolveModal(lookup.state.id, postmortemPrefill(services, lookup.state)),
      tell: tellPrivately(respond),
      logger: services.logger,
    });
  },
};
