/**
 * @module slack/listeners/actions/export
 * The Export postmortem buttons offered when an incident is resolved.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { NOT_RECORDED } from '../../record.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function exportAction(services: Services, format: 'md' | 'html') {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    const channel = body.channel?.id ?? body.container?.channel_id;
    const incidentId = action.value ?? '';
    await ack();
    if (!channel || !/^INC-\d+$/.test(incidentId)) return;
    try {
      await services.effects.exportTo(
        {
          incidentId,
          format,
          channel,
          user: body.user.id,
          comment: `${incidentId} timeline (${format.toUpperCase()}), exported by <@${body.user.id}>.`,
        },
        `${action.action_ts}`,
      );
    } catch {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: NOT_RECORDED.replace('Not recorded', 'No export'),
      });
    }
  };
}
