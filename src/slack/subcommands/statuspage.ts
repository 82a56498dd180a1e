/**
 * @module slack/subcommands/statuspage
 * `/incident statuspage`: the status-page form (text, status, components, notify); submitting it
 * publishes. Nothing is published without it.
 */
import { PUBLISH_ROLES } from '../../incident/decide-communicate.js';
import { incidentInChannel } from '../incident-lookup.js';
import { tellPrivately } from '../open-modal.js';
import { openStatusPageForm } from '../statuspage-form.js';
import type { Subcommand } from './types.js';

export const statuspageSubcommand: Subcommand = {
  name: 'statuspage',
  usage: 'statuspage',
  summary: 'Publish to the status page: a form with the text, status, components and notify (comms or the commander).',
  run: async ({ services, command, ack, client, respond }) => {
    if (!services.config.statuspage) {
      await ack(
        'Statuspage is not set up here (STATUSPAGE_API_KEY and STATUSPAGE_PAGE_ID). Use the status-page step’s Draft to post the message in the channel.',
      );
      return;
    }
    const lookup = await incidentInChannel(services, command.channel_id);
    if (!lookup.ok) {
      await ack(lookup.message);
      return;
    }
    const holders = PUBLISH_ROLES.map((role) => lookup.state.roles[role]).filter(Boolean);
    if (!holders.includes(command.user_id)) {
      await ack(
        `Only comms or the commander can publish to the status page (${holders.map((u) => `<@${u}>`).join(' or ')}).`,
      );
      return;
    }
    await ack();
    openStatusPageForm(services, lookup.state, { client, triggerId: command.trigger_id, tell: tellPrivately(respond) });
  },
};
