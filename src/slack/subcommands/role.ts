/**
 * @module slack/subcommands/role
 * `/incident role <role> @user|me`, `/incident unassign <role>`, `/incident roles` (a form for all).
 */
import { roleLabel } from '../../incident/roles.js';
import { rolesModal } from '../blocks/role-modals.js';
import { incidentInChannel } from '../incident-lookup.js';
import { parseUserRef } from '../mentions.js';
import { openModal, tellPrivately } from '../open-modal.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const roleSubcommand: Subcommand = {
  name: 'role',
  usage: 'role <role> @person|me',
  summary: 'Seat someone (or yourself) in a role; they get its duties privately.',
  run: (context) =>
    recordInIncidentChannel(context, () => {
      const [role, who] = context.args.split(/\s+/);
      const names = context.services.templates.roles.roles.map((r) => r.name).join('|');
      if (!role) return { error: `Which role? \`/incident role <${names}> @person\` (or \`me\`).` };
      const ref = parseUserRef(who, context.command.user_id);
      if (!ref.ok) return { error: ref.message };
      return {
        command: { type: 'assignRole', role, user: ref.user },
        done: `<@${ref.user}> is now ${roleLabel(context.services.templates.roles, role.toLowerCase())}.`,
      };
    }),
};

export const unassignSubcommand: Subcommand = {
  name: 'unassign',
  usage: 'unassign <role>',
  summary: 'Free a role (the commander hands off instead).',
  run: (context) =>
    recordInIncidentChannel(context, () => {
      const role = context.args.split(/\s+/)[0];
      if (!role) return { error: 'Which role? `/incident unassign ops`.' };
      return {
        command: { type: 'unassignRole', role },
        done: `${roleLabel(context.services.templates.roles, role)} is free.`,
      };
    }),
};

export const rolesSubcommand: Subcommand = {
  name: 'roles',
  usage: 'roles',
  summary: 'Open a form to seat every role at once.',
  run: async ({ services, command, ack, client, respond }) => {
    const lookup = await incidentInChannel(services, command.channel_id);
    if (!lookup.ok) {
      await ack(lookup.message);
      return;
    }
    await ack();
    openModal({
      client,
      triggerId: command.trigger_id,
      view: rolesModal(lookup.state, services.templates.roles),
      tell: tellPrivately(respond),
      logger: services.logger,
    });
  },
};
