/**
 * @module slack/subcommands/page
 * `/incident page <service> [why]`: page the service's on-call through PagerDuty (its escalation policy,
 * by the Events API). One page per incident and service: typing it twice, or Slack retrying, pages
 * nobody twice. `/incident invite @person [why]`: bring someone into the channel without a role.
 */
import { serviceNamed } from '../../catalog/lookup.js';
import { pageDedupKey } from '../../incident/decide-paging.js';
import { pageIdFor } from '../../incident/events.js';
import { parseUserRef } from '../mentions.js';
import { fromSlackText } from '../text.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

const MAX_REASON = 500;

export const pageSubcommand: Subcommand = {
  name: 'page',
  usage: 'page <service> [why]',
  summary: "Page a service's on-call through PagerDuty (once per incident and service).",
  run: (context) =>
    recordInIncidentChannel(context, (state) => {
      const catalog = context.services.templates.catalog;
      const paged = Object.values(catalog.services)
        .filter((s) => s.pagerduty)
        .map((s) => s.name)
        .sort()
        .map((name) => `\`${name}\``);
      const which = paged.length > 0 ? ` Services with PagerDuty: ${paged.join(', ')}.` : '';
      const [first = '', ...rest] = context.args.split(/\s+/);
      if (!first)
        return { error: `Say whose on-call to page: \`/incident page payments-api checkout is failing\`.${which}` };
      if (first.startsWith('<@')) {
        return {
          error: `warroom pages a service's on-call through its PagerDuty escalation policy, not a person.${which} To bring someone in, \`/incident invite ${first}\`.`,
        };
      }
      const service = serviceNamed(catalog, fromSlackText(first));
      if (!service)
        return { error: `\`${fromSlackText(first).slice(0, 60)}\` is not a service in services.yaml.${which}` };
      if (!service.pagerduty) {
        return {
          error: `${service.name} has no \`pagerduty\` (service, escalation_policy, routing_key) in services.yaml, so warroom cannot page it.${which}`,
        };
      }
      const reason = fromSlackText(rest.join(' ')).trim();
      if ([...reason].length > MAX_REASON) return { error: `Keep the reason under ${MAX_REASON} characters.` };
      return {
        command: {
          type: 'requestPage',
          pageId: pageIdFor(state.id, `cmd:${context.command.trigger_id}`),
          service: service.name,
          ...(reason ? { reason } : {}),
          dedupKey: pageDedupKey(context.services.config.keyPrefix, state.id, service.name),
        },
        done: `Paging ${service.name}'s on-call through PagerDuty; the channel hears when PagerDuty has it and when someone acknowledges.`,
      };
    }),
};

export const inviteSubcommand: Subcommand = {
  name: 'invite',
  usage: 'invite @person [why]',
  summary: 'Bring someone into the channel and onto the timeline, without a role.',
  run: (context) =>
    recordInIncidentChannel(context, () => {
      const [first, ...rest] = context.args.split(/\s+/).filter(Boolean);
      const who = parseUserRef(first, context.command.user_id);
      if (!who.ok) return { error: `${who.message} For example \`/incident invite @raj knows the payments DB\`.` };
      const reason = fromSlackText(rest.join(' ')).trim();
      if ([...reason].length > MAX_REASON) return { error: `Keep the reason under ${MAX_REASON} characters.` };
      return {
        command: { type: 'invitePerson', user: who.user, ...(reason ? { reason } : {}) },
        done: `Inviting <@${who.user}> to the channel (no role; seat them with \`/incident role <role> <@${who.user}>\`).`,
      };
    }),
};
