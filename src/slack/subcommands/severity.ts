/**
 * @module slack/subcommands/severity
 * `/incident severity <sev1..sev4>` changes it; `/incident severity` alone says what each one means.
 */
import { parseSeverity, severityLabel } from '../../incident/severity.js';
import { severityDefinitionsText } from '../blocks/severity-options.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const severitySubcommand: Subcommand = {
  name: 'severity',
  usage: 'severity [sev1|sev2|sev3|sev4]',
  summary: 'Change the severity; with none, what each severity means.',
  run: async (context) => {
    // The definitions are for anyone about to choose, in any channel; only a change needs an incident.
    if (!context.args) {
      await context.ack(severityDefinitionsText(context.services.templates.definitions));
      return;
    }
    await recordInIncidentChannel(context, () => {
      const to = parseSeverity(context.args);
      if (!to) {
        return {
          error: `\`${context.args.slice(0, 40)}\` is not a severity; use \`sev1\` (critical), \`sev2\`, \`sev3\` or \`sev4\` (low), or \`/incident severity\` alone for what each means.`,
        };
      }
      return { command: { type: 'changeSeverity', to }, done: `Severity → ${severityLabel(to)}.` };
    });
  },
};
