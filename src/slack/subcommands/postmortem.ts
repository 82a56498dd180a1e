/**
 * @module slack/subcommands/postmortem
 * `/incident started <time>`: backdate the impact start.
 */
import { parseStartTime } from '../parse-time.js';
import { dateTime } from '../time.js';
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
