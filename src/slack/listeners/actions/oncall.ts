/**
 * @module slack/listeners/actions/oncall
 * The board's on-call buttons: [Invite <name>] brings the on-call into the channel without a role;
 * [Seat <name> as Ops] seats them (the click is the decision; nobody is seated by PagerDuty alone).
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Command } from '../../../incident/decide.js';
import type { Services } from '../../../services.js';
import { parseOnCallValue } from '../../blocks/oncall.js';
import { incidentInChannel } from '../../incident-lookup.js';
import { dispatchAfterAck, outcomeText, record } from '../../record.js';
import { actionTime } from '../../time.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function onCallAction(services: Services, kind: 'invite' | 'seat') {
  return async ({ ack, body, action, respond }: ActionArgs) => {
    await ack();
    const whisper = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const target = parseOnCallValue(action.value);
    const channel = body.channel?.id ?? body.container?.channel_id;
    const lookup = channel ? await incidentInChannel(services, channel) : undefined;
    if (!target || !lookup?.ok || lookup.state.id !== target.incidentId) {
      await whisper(lookup && !lookup.ok ? lookup.message : 'This button no longer belongs to an incident.');
      return;
    }
    const service = lookup.state.paging.onCall?.service ?? 'the service';
    const command: Command =
      kind === 'invite'
        ? { type: 'invitePerson', user: target.user, reason: `on call for ${service} (PagerDuty)` }
        : { type: 'assignRole', role: 'ops', user: target.user };
    const outcome = await record(
      services,
      lookup.state.id,
      command,
      { actor: body.user.id, at: actionTime(action.action_ts) },
      `act:${action.action_ts}:${action.action_id}`,
    );
    const done = kind === 'invite' ? `Inviting <@${target.user}>.` : `<@${target.user}> is Ops.`;
    if (!outcome.ok || outcome.events.length === 0) await whisper(outcomeText(outcome, done));
    await dispatchAfterAck(services, outcome);
  };
}
