/**
 * @module slack/subcommands/status
 * `/incident status <investigating|identified|mitigating|monitoring>`.
 */
import { parseStatus, STATUSES, statusLabel } from '../../incident/status.js';
import { mrkdwnWithin } from '../text.js';
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
        const { statuses } = context.services.templates.definitions;
        const lines = STATUSES.filter((s) => s !== 'resolved').map(
          (s) => `• \`${s}\`: ${mrkdwnWithin(statuses[s], 150)}`,
        );
        return { error: [`${shown}; use one of these (or \`/incident resolve\`):`, ...lines].join('\n') };
      }
      return { command: { type: 'changeStatus', to }, done: `Status → ${statusLabel(to)}.` };
    }),
};
