/**
 * @module slack/listeners/actions/roles
 * Role buttons: Take (board, nudges), Hand off (board), Accept and Decline (on a handoff offer).
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Command } from '../../../incident/decide.js';
import { decide } from '../../../incident/decide.js';
import { roleLabel } from '../../../incident/roles.js';
import type { Services } from '../../../services.js';
import { declineModal, handoffModal } from '../../blocks/role-modals.js';
import { incidentInChannel } from '../../incident-lookup.js';
import { openModal, tellPrivately } from '../../open-modal.js';
import { dispatchAfterAck, outcomeText, record } from '../../record.js';
import { actionTime } from '../../time.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

function whisper(respond: ButtonArgs['respond'], text: string) {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}

async function incidentOf(services: Services, body: BlockAction<ButtonAction>) {
  const channel = body.channel?.id ?? body.container?.channel_id;
  return channel ? incidentInChannel(services, channel) : { ok: false as const, message: 'No incident here.' };
}

/** A button that records one command about the incident whose channel it is in. */
function recordButton(
  services: Services,
  toCommand: (value: string, user: string) => Command,
  done: (value: string) => string,
) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    const lookup = await incidentOf(services, body);
    if (!lookup.ok) {
      await ack();
      await whisper(respond, lookup.message);
      return;
    }
    const outcome = await record(
      services,
      lookup.state.id,
      toCommand(action.value ?? '', body.user.id),
      { actor: body.user.id, at: actionTime(action.action_ts) },
      `act:${action.action_ts}:${action.action_id}`,
    );
    await ack();
    if (!outcome.ok || outcome.events.length === 0)
      await whisper(respond, outcomeText(outcome, done(action.value ?? '')));
    await dispatchAfterAck(services, outcome);
  };
}

export const takeRoleAction = (services: Services) =>
  recordButton(
    services,
    (role, user) => ({ type: 'assignRole', role, user }),
    (role) => `You are ${roleLabel(services.templates.roles, role)}.`,
  );

export const acceptHandoffAction = (services: Services) =>
  recordButton(
    services,
    (offerId) => ({ type: 'acceptHandoff', offerId }),
    () => 'Accepted.',
  );

/** Hand off (board): the holder or the commander picks the receiver in a modal. */
export function handOffRoleAction(services: Services) {
  return async ({ ack, body, action, respond, client }: ButtonArgs) => {
    await ack();
    const lookup = await incidentOf(services, body);
    if (!lookup.ok) {
      await whisper(respond, lookup.message);
      return;
    }
    const role = action.value ?? '';
    const policy = services.templates.roles;
    // Ask the domain with a placeholder receiver, so only those allowed get the form.
    const check = decide(
      lookup.state,
      { type: 'offerHandoff', role, to: 'U0NOBODY0' },
      { actor: body.user.id, at: Date.now() },
      services.templates,
    );
    if (!check.ok) {
      await whisper(respond, check.error.message);
      return;
    }
    openModal({
      client,
      triggerId: body.trigger_id,
      view: handoffModal(lookup.state.id, role, roleLabel(policy, role)),
      tell: tellPrivately(respond),
      logger: services.logger,
    });
  };
}

/** Decline: only the receiver, who may say why in a small modal. */
export function declineHandoffAction(services: Services) {
  return async ({ ack, body, action, respond, client }: ButtonArgs) => {
    await ack();
    const lookup = await incidentOf(services, body);
    if (!lookup.ok) {
      await whisper(respond, lookup.message);
      return;
    }
    const offerId = action.value ?? '';
    const check = decide(
      lookup.state,
      { type: 'declineHandoff', offerId },
      { actor: body.user.id, at: Date.now() },
      services.templates,
    );
    if (!check.ok) {
      await whisper(respond, check.error.message);
      return;
    }
    openModal({
      client,
      triggerId: body.trigger_id,
      view: declineModal(lookup.state.id, offerId),
      tell: tellPrivately(respond),
      logger: services.logger,
    });
  };
}
