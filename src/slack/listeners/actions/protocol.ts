/**
 * @module slack/listeners/actions/protocol
 * Checklist buttons (Done, Skip, Blocked, Draft) and the update reminder's Post update and Snooze.
 * A step with inputs, a skip or a block asks in a modal; a plain Done records at once.
 */

import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { protocolNamed } from '../../../incident/rules.js';
import type { IncidentState } from '../../../incident/state.js';
import { findStep, type NumberedStep } from '../../../protocol/definition.js';
import type { Services } from '../../../services.js';
import { updateModal } from '../../blocks/modals.js';
import { draftModal, stepDoneModal, stepReasonModal } from '../../blocks/step-modals.js';
import { fillDraft, updateFormStart } from '../../drafts.js';
import { incidentInChannel } from '../../incident-lookup.js';
import { openModal, tellPrivately } from '../../open-modal.js';
import { dispatchAfterAck, outcomeText, record } from '../../record.js';
import { openStatusPageForm, STATUS_PAGE_DRAFT } from '../../statuspage-form.js';
import { actionTime } from '../../time.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

function whisper(respond: ButtonArgs['respond'], text: string) {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}

async function stepContext(
  services: Services,
  args: ButtonArgs,
): Promise<{ state: IncidentState; numbered: NumberedStep } | undefined> {
  const channel = args.body.channel?.id ?? args.body.container?.channel_id;
  const lookup = channel ? await incidentInChannel(services, channel) : undefined;
  if (!lookup?.ok) {
    await whisper(args.respond, lookup?.message ?? 'No incident here.');
    return undefined;
  }
  const protocol = protocolNamed(services.templates, lookup.state.protocol);
  const numbered = protocol ? findStep(protocol, args.action.value ?? '') : undefined;
  if (!numbered) {
    await whisper(args.respond, 'That step is no longer in this incident’s protocol.');
    return undefined;
  }
  return { state: lookup.state, numbered };
}

export function stepDoneAction(services: Services) {
  return async (args: ButtonArgs) => {
    const { ack, body, action, client } = args;
    const found = await stepContext(services, args);
    if (!found) {
      await ack();
      return;
    }
    if (found.numbered.step.inputs.length > 0) {
      await ack();
      openModal({
        client,
        triggerId: body.trigger_id,
        view: stepDoneModal(found.state.id, found.numbered),
        tell: tellPrivately(args.respond),
        logger: services.logger,
      });
      return;
    }
    const outcome = await record(
      services,
      found.state.id,
      { type: 'completeStep', step: found.numbered.step.id },
      { actor: body.user.id, at: actionTime(action.action_ts) },
      `act:${action.action_ts}:${action.action_id}`,
    );
    await ack();
    if (!outcome.ok || outcome.events.length === 0) await whisper(args.respond, outcomeText(outcome, 'Done.'));
    await dispatchAfterAck(services, outcome);
  };
}

export function stepReasonAction(services: Services, kind: 'skip' | 'block') {
  return async (args: ButtonArgs) => {
    await args.ack();
    const found = await stepContext(services, args);
    if (!found) return;
    openModal({
      client: args.client,
      triggerId: args.body.trigger_id,
      view: stepReasonModal(found.state.id, found.numbered, kind),
      tell: tellPrivately(args.respond),
      logger: services.logger,
    });
  };
}

export function stepDraftAction(services: Services) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const found = await stepContext(services, args);
    const draft = found?.numbered.step.draft;
    const template = draft ? services.templates.messages[draft] : undefined;
    if (!found || !template) return;
    // With a status page, the status-page step's Draft is the publish form (nothing goes out without it).
    if (draft === STATUS_PAGE_DRAFT && services.config.statuspage) {
      openStatusPageForm(services, found.state, {
        client: args.client,
        triggerId: args.body.trigger_id,
        tell: tellPrivately(args.respond),
      });
      return;
    }
    const protocol = protocolNamed(services.templates, found.state.protocol);
    const text = fillDraft(template, found.state, protocol, Date.now(), services.config.timeZone);
    openModal({
      client: args.client,
      triggerId: args.body.trigger_id,
      view: draftModal(found.state.id, template.label, text, found.numbered.step.id, draft),
      tell: tellPrivately(args.respond),
      logger: services.logger,
    });
  };
}

export function reminderPostUpdateAction(services: Services) {
  return async ({ ack, body, respond, client }: ButtonArgs) => {
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id;
    const lookup = channel ? await incidentInChannel(services, channel) : undefined;
    if (!lookup?.ok) {
      await whisper(respond, lookup?.message ?? 'No incident here.');
      return;
    }
    const { state } = lookup;
    const protocol = protocolNamed(services.templates, state.protocol);
    openModal({
      client,
      triggerId: body.trigger_id,
      view: updateModal(state.id, updateFormStart(state, protocol, Date.now())),
      tell: tellPrivately(respond),
      logger: services.logger,
    });
  };
}

export function reminderSnoozeAction(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    const channel = body.channel?.id ?? body.container?.channel_id;
    const lookup = channel ? await incidentInChannel(services, channel) : undefined;
    if (!lookup?.ok) {
      await ack();
      await whisper(respond, lookup?.message ?? 'No incident here.');
      return;
    }
    const minutes = Number(action.value) === 30 ? 30 : 15;
    const outcome = await record(
      services,
      lookup.state.id,
      { type: 'snoozeUpdates', minutes },
      { actor: body.user.id, at: actionTime(action.action_ts) },
      `act:${action.action_ts}:${action.action_id}`,
    );
    await ack();
    await whisper(respond, outcomeText(outcome, `Update reminders snoozed for ${minutes} min.`));
    await dispatchAfterAck(services, outcome);
  };
}
