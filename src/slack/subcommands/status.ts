/**
 * @module slack/subcommands/status
 * `/incident status <investigating|identified|mitigating|monitoring>`.
 */
import { parseStatus, STATUSES, statusLabel } from '../../incident/status.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

const CHOICES = STATUSES.filter((s) => s !== 'resolved').join('|');

export const statusSubcommand: Subcommand = {
  name: 'status',
  usage: `status <${CHOICES}>`,
  summary: 'Change the status; the board, topic and announcement follow.',
  run: (context) =>
    recordInIncidentChannel(context, () => {
      const to = parseStatus(context.args);
      if (!to) {
        const shown = context.args ? `\`${context.args.slice(0, 40)}\` is not a status` : 'Which status?';
        return {
          error: `${shown}; use one of ${CHOICES.split('|')
            .map((s) => `\`${s}\``)
            .join(', ')} (or \`/incident resolve\`).`,
        };
      }
      return { command: { type: 'changeStatus', to }, done: `Status → ${statusLabel(to)}.` };
    }),
};
