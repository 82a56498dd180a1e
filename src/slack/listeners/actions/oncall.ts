/**
 * @module slack/listeners/actions/oncall
 * The board's on-call buttons: [Invite <name>] brings the on-call into the channel without a role;
 * [Seat <name> as Ops] seats them (the click is the decision; nobody is seated by PagerDuty alone);
 * [Offer command to <name>], after a shift change, opens the handoff form for them.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { type Command, decide } from '../../../incident/decide.js';
import { COMMANDER, roleLabel } from '../../../incident/roles.js';
import type { Services } from '../../../services.js';
import { parseOnCallValue } from '../../blocks/oncall.js';
import { handoffModal } from '../../blocks/role-modals.js';
import { incidentInChannel } from '../../incident-lookup.js';
import { openModal, tellPrivately } from '../../open-modal.js';
import { dispatchAfterAck, outcomeText, record } from '../../record.js';
import { actionTime } from '../../time.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The incident and person an on-call button is about, or what to tell the clicker. */
async function clicked(services: Services, body: ActionArgs['body'], action: ButtonAction) {
  const target = parseOnCallValue(action.value);
  const channel = body.channel?.id ?? body.container?.channel_id;
  const lookup = channel ? await incidentInChannel(services, channel) : undefined;
  if (!target || !lookup?.ok || lookup.state.id !== target.incidentId) {
    return {
      ok: false as const,
      message: lookup && !lookup.ok ? lookup.message : 'This button no longer belongs to an incident.',
    };
  }
  return { ok: true as const, lookup, target };
}

export function onCallAction(services: Services, kind: 'invite' | 'seat') {
  return async ({ ack, body, action, respond }: ActionArgs) => {
    await ack();
    const whisper = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const found = await clicked(services, body, action);
    if (!found.ok) {
      await whisper(found.message);
      return;
    }
    const { lookup, target } = found;
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

/**
 * [Offer command to <name>] after a shift change: the handoff form with the incoming on-call filled in,
 * for whoever may hand command over (the commander); the offer carries the brief, and command moves
 * only when they accept.
 */
export function onCallHandoffAction(services: Services) {
  return async ({ ack, body, action, respond, client }: ActionArgs) => {
    await ack();
    const whisper = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const found = await clicked(services, body, action);
    if (!found.ok) {
      await whisper(found.message);
      return;
    }
    const { lookup, target } = found;
    const check = decide(
      lookup.state,
      { type: 'offerHandoff', role: COMMANDER, to: target.user },
      { actor: body.user.id, at: Date.now() },
      services.templates,
    );
    if (!check.ok || check.events.length === 0) {
      await whisper(check.ok ? (check.note ?? 'Nothing to offer.') : check.error.message);
      return;
    }
    const label = roleLabel(services.templates.roles, COMMANDER);
    openModal({
      client,
      triggerId: body.trigger_id,
      view: handoffModal(lookup.state.id, COMMANDER, label, target.user),
      tell: tellPrivately(respond),
      logger: services.logger,
    });
  };
}
