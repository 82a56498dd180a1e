/**
 * @module slack/subcommands/postmortem
 * `/incident started <time>` (backdate the impact start), `/incident followup <text> [@owner]`.
 */
import { parseUserRef } from '../mentions.js';
import { parseStartTime } from '../parse-time.js';
import { fromSlackText } from '../text.js';
import { dateTime } from '../time.js';
import { MAX_TEXT } from './limits.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const startedSubcommand: Subcommand = {
  name: 'started',
  usage: 'started <14:05 | 20 min ago | 2026-11-28T14:05>',
  summary: 'Say when impact really began (before the declare); durations count from it.',
  run: (context) =>
    recordInIncidentChannel(context, () => {
      const tz = context.services.config.timeZone;
      if (!context.args)
        return { error: `When did impact start? \`/incident started 14:05\` (${tz}) or \`20 min ago\`.` };
      const parsed = parseStartTime(context.args, Date.now(), tz);
      if (!parsed.ok) return { error: parsed.message };
      return {
        command: { type: 'markImpactStart', startedAt: parsed.at },
        done: `Impact start recorded: ${dateTime(parsed.at, tz)}.`,
      };
    }),
};

export const followupSubcommand: Subcommand = {
  name: 'followup',
  usage: 'followup <text> [@owner]',
  summary: 'Record a follow-up action for the postmortem.',
  run: (context) =>
    recordInIncidentChannel(context, () => {
      const words = context.args.trim().split(/\s+/);
      const last = words.at(-1) ?? '';
      const owner = last.startsWith('<@') ? parseUserRef(last, context.command.user_id) : undefined;
      const body = owner?.ok ? words.slice(0, -1).join(' ') : context.args;
      const text = fromSlackText(body).trim();
      if (!text)
        return { error: 'What should be done? `/incident followup add an alert on checkout error rate @raj`.' };
      if ([...text].length > MAX_TEXT) return { error: `Keep a follow-up under ${MAX_TEXT} characters.` };
      return {
        command: { type: 'addFollowUp', text, ...(owner?.ok ? { owner: owner.user } : {}) },
        done: `Follow-up recorded${owner?.ok ? ` for <@${owner.user}>` : ''}.`,
      };
    }),
};
