/**
 * @module slack/subcommands/handoff
 * `/incident handoff [role] @person` (the role defaults to the caller's own) and `/incident brief`.
 */
import { buildBrief } from '../../incident/brief.js';
import { COMMANDER, findRole } from '../../incident/roles.js';
import { MetricStore } from '../../store/metric-store.js';
import { briefMessage } from '../blocks/brief.js';
import { incidentInChannel } from '../incident-lookup.js';
import { parseUserRef } from '../mentions.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const handoffSubcommand: Subcommand = {
  name: 'handoff',
  usage: 'handoff [role] @person',
  summary: 'Offer your role (or the named one) to someone, with a brief; it moves when they accept.',
  run: (context) =>
    recordInIncidentChannel(context, (state) => {
      const words = context.args.split(/\s+/).filter(Boolean);
      const policy = context.services.templates.roles;
      const named = words.length > 1 ? findRole(policy, words[0] as string) : undefined;
      if (words.length > 1 && !named) {
        return {
          error: `There is no role \`${words[0]}\`; roles are ${policy.roles.map((r) => `\`${r.name}\``).join(', ')}.`,
        };
      }
      const actor = context.command.user_id;
      const own = Object.entries(state.roles)
        .filter(([, user]) => user === actor)
        .map(([role]) => role)
        .sort((a, b) => (a === COMMANDER ? -1 : b === COMMANDER ? 1 : 0));
      const role = named?.name ?? own[0];
      if (!role) return { error: 'You hold no role here; say which: `/incident handoff ops @someone`.' };
      const ref = parseUserRef(words.at(-1), actor);
      if (!ref.ok) return { error: ref.message };
      if (ref.user === actor && state.roles[role] === actor) return { error: 'You cannot hand off to yourself.' };
      return {
        command: { type: 'offerHandoff', role, to: ref.user },
        done: `Offered to <@${ref.user}>, with a brief in the channel.`,
      };
    }),
};

export const briefSubcommand: Subcommand = {
  name: 'brief',
  usage: 'brief',
  summary: 'Where the incident stands, for anyone joining late.',
  run: async ({ services, command, ack }) => {
    const lookup = await incidentInChannel(services, command.channel_id);
    if (!lookup.ok) {
      await ack(lookup.message);
      return;
    }
    const events = await services.store.readEvents(lookup.state.id);
    const metric = await new MetricStore(services.redis, services.config.keyPrefix).snapshot(lookup.state.id);
    const brief = buildBrief(lookup.state, events, services.templates, Date.now(), metric);
    await ack({ response_type: 'ephemeral', ...briefMessage(brief, services.config.timeZone) });
  },
};
