/**
 * @module slack/subcommands/update
 * `/incident update <text>`: a status update, posted in the channel and the announcement thread.
 * Without text it opens the update modal.
 */
import { updateModal } from '../blocks/modals.js';
import { incidentInChannel } from '../incident-lookup.js';
import { openModal, tellPrivately } from '../open-modal.js';
import { fromSlackText } from '../text.js';
import { MAX_TEXT } from './limits.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const updateSubcommand: Subcommand = {
  name: 'update',
  usage: 'update <text>',
  summary: 'Post a status update in the channel and the announcement thread.',
  run: async (context) => {
    if (!context.args.trim()) {
      const lookup = await incidentInChannel(context.services, context.command.channel_id);
      if (!lookup.ok) {
        await context.ack(lookup.message);
        return;
      }
      await context.ack();
      openModal({
        client: context.client,
        triggerId: context.command.trigger_id,
        view: updateModal(lookup.state.id),
        tell: tellPrivately(context.respond),
        logger: context.services.logger,
      });
      return;
    }
    await recordInIncidentChannel(context, () => {
      const text = fromSlackText(context.args).trim();
      if ([...text].length > MAX_TEXT) {
        return { error: `That update is ${[...text].length} characters; keep it under ${MAX_TEXT}.` };
      }
      return { command: { type: 'postUpdate', text }, done: 'Update posted.' };
    });
  },
};
