/**
 * @module slack/subcommands/update
 * `/incident update <text>`: a one-line status update for the team, posted in the channel and the
 * announcement thread. Without text it opens the update form (impact, what we know, what we are doing,
 * when the next update comes).
 */
import { protocolNamed } from '../../incident/rules.js';
import { placeholderIn, placeholderLeft } from '../../templates/messages.js';
import { updateModal } from '../blocks/modals.js';
import { updateFormStart } from '../drafts.js';
import { incidentInChannel } from '../incident-lookup.js';
import { openModal, tellPrivately } from '../open-modal.js';
import { fromSlackText, mrkdwn } from '../text.js';
import { MAX_TEXT } from './limits.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const updateSubcommand: Subcommand = {
  name: 'update',
  usage: 'update <text>',
  summary: 'Post a status update in the channel and the announcement thread (no text: a form).',
  run: async (context) => {
    if (!context.args.trim()) {
      const lookup = await incidentInChannel(context.services, context.command.channel_id);
      if (!lookup.ok) {
        await context.ack(lookup.message);
        return;
      }
      await context.ack();
      const { state } = lookup;
      const protocol = protocolNamed(context.services.templates, state.protocol);
      openModal({
        client: context.client,
        triggerId: context.command.trigger_id,
        view: updateModal(state.id, updateFormStart(state, protocol, Date.now())),
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
      const placeholder = placeholderIn(text);
      // The answer is mrkdwn: the placeholder is escaped, or Slack would read it as a link.
      if (placeholder) return { error: mrkdwn(placeholderLeft(placeholder)) };
      return { command: { type: 'postUpdate', text, audience: 'internal' }, done: 'Update posted.' };
    });
  },
};
