/**
 * @module slack/subcommands/severity
 * `/incident severity <sev1..sev4>`.
 */
import { parseSeverity, severityLabel } from '../../incident/severity.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const severitySubcommand: Subcommand = {
  name: 'severity',
  usage: 'severity <sev1|sev2|sev3|sev4>',
  summary: 'Change the severity.',
  run: (context) =>
    recordInIncidentChannel(context, () => {
      const to = parseSeverity(context.args);
      if (!to) {
        const shown = context.args ? `\`${context.args.slice(0, 40)}\` is not a severity` : 'Which severity?';
        return { error: `${shown}; use \`sev1\` (critical), \`sev2\`, \`sev3\` or \`sev4\` (low).` };
      }
      return { command: { type: 'changeSeverity', to }, done: `Severity → ${severityLabel(to)}.` };
    }),
};
