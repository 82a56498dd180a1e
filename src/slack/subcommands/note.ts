/**
 * @module slack/subcommands/note
 * `/incident note <text>`: a line on the timeline, not posted anywhere.
 */
import { fromSlackText } from '../text.js';
import { MAX_TEXT } from './limits.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const noteSubcommand: Subcommand = {
  name: 'note',
  usage: 'note <text>',
  summary: 'Add a note to the timeline (not posted in the channel).',
  run: (context) =>
    recordInIncidentChannel(context, () => {
      const text = fromSlackText(context.args).trim();
      if (!text) return { error: 'A note needs text: `/incident note rolled back canary first`.' };
      if ([...text].length > MAX_TEXT)
        return { error: `That note is ${[...text].length} characters; keep it under ${MAX_TEXT}.` };
      return { command: { type: 'addNote', text }, done: 'Noted on the timeline.' };
    }),
};
