/**
 * @module slack/subcommands/changes
 * `/incident changes [window]`: the deploys before the impact, posted in the channel again (default
 * the window of templates/changes.yaml, 6 h), each with [Suspect].
 */

import { formatDuration } from '../../incident/durations.js';
import { changesFor } from '../../queue/changes-card.js';
import { durationSchema } from '../../templates/duration.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

const MAX_WINDOW_MS = 30 * 86_400_000;

export const changesSubcommand: Subcommand = {
  name: 'changes',
  usage: 'changes [window]',
  summary: 'List the deploys before the impact again, each with [Suspect] (`changes 12h` looks further back).',
  run: async (context) => {
    const { services } = context;
    const text = context.args.trim();
    const parsed = text ? durationSchema.safeParse(text.toLowerCase()) : undefined;
    if (parsed && !parsed.success) {
      await context.ack(`\`${text}\` is not a window; give one such as \`90m\`, \`12h\` or \`2d\`.`);
      return;
    }
    const windowMs = parsed?.success ? parsed.data : services.templates.changesWindowMs;
    if (windowMs <= 0 || windowMs > MAX_WINDOW_MS) {
      await context.ack('The window must be more than nothing and at most 30 days (`/incident changes 12h`).');
      return;
    }
    // The count is read before recording; the card shows the deploys as they are when it is posted.
    await recordInIncidentChannel(context, async (state) => {
      const shown = await changesFor(services.deploys, services.templates, state, windowMs);
      return {
        command: { type: 'listChanges', window: windowMs, count: shown.length },
        done: `Listing the ${shown.length} ${shown.length === 1 ? 'deploy' : 'deploys'} of the ${formatDuration(windowMs)} before the impact in the channel.`,
      };
    });
  },
};
