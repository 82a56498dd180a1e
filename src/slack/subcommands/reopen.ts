/**
 * @module slack/subcommands/reopen
 * `/incident reopen <reason>`.
 */
import { fromSlackText } from '../text.js';
import { MAX_TEXT } from './limits.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const reopenSubcommand: Subcommand = {
  name: 'reopen',
  usage: 'reopen <reason>',
  summary: 'Reopen a resolved incident.',
  run: (context) =>
    recordInIncidentChannel(context, () => {
      const reason = fromSlackText(context.args).trim();
      if (!reason) return { error: 'Say why: `/incident reopen errors are back after the rollback`.' };
      if ([...reason].length > MAX_TEXT) return { error: `Keep the reason under ${MAX_TEXT} characters.` };
      return { command: { type: 'reopen', reason }, done: 'Reopened.' };
    }),
};
