/**
 * @module slack/listeners/actions/board
 * The board's buttons and menus: post update, status, severity, resolve, reopen.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decide } from '../../../incident/decide.js';
import { protocolNamed } from '../../../incident/rules.js';
import { parseSeverity, severityLabel } from '../../../incident/severity.js';
import { parseStatus, statusLabel } from '../../../incident/status.js';
import type { Services } from '../../../services.js';
import { reopenModal, resolveModal, updateModal } from '../../blocks/modals.js';
import { updateFormStart } from '../../drafts.js';
import { incidentInChannel } from '../../incident-lookup.js';
import { openModal, tellPrivately } from '../../open-modal.js';
import { dispatchAfterAck, outcomeText, record } from '../../record.js';
import { postmortemPrefill } from '../../subcommands/resolve.js';
import { actionTime } from '../../time.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The single action in a block_actions payload, with what it carries. */
function actionOf(body: BlockAction) {
  const action = body.actions[0];
  const selected = action && 'selected_option' in action ? action.selected_option?.value : undefined;
  return { action, selected, ts: action?.action_ts ?? '' };
}

function whisper(respond: ActionArgs['respond'], text: string) {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}

/** A status or severity picked from the board's menus. */
function recordPick(services: Services, kind: 'status' | 'severity') {
  return async ({ ack, body, respond }: ActionArgs) => {
    const { action, selected, ts } = actionOf(body);
    const channel = body.channel?.id ?? body.container?.channel_id;
    const lookup = channel ? await incidentInChannel(services, channel) : undefined;
    if (!lookup?.ok || !action) {
      await ack();
      await whisper(respond, lookup && !lookup.ok ? lookup.message : 'This board no longer belongs to an incident.');
      return;
    }
    const status = kind === 'status' ? parseStatus(selected ?? '') : undefined;
    const severity = kind === 'severity' ? parseSeverity(selected ?? '') : undefined;
    if (!status && !severity) {
      await ack();
      await whisper(respond, `\`${selected}\` is not a ${kind}.`);
      return;
    }
    const outcome = await record(
      services,
      lookup.state.id,
      status
        ? { type: 'changeStatus', to: status }
        : { type: 'changeSeverity', to: severity as NonNullable<typeof severity> },
      { actor: body.user.id, at: actionTime(ts) },
      `act:${ts}:${action.action_id}`,
      lookup,
    );
    await ack();
    const done = status
      ? `Status → ${statusLabel(status)}.`
      : `Severity → ${severityLabel(severity as NonNullable<typeof severity>)}.`;
    if (!outcome.ok || outcome.events.length === 0) await whisper(respond, outcomeText(outcome, done));
    await dispatchAfterAck(services, outcome);
  };
}

/** A button that opens a modal about the board's incident, after an optional permission check. */
function modalButton(services: Services, kind: 'update' | 'resolve' | 'reopen') {
  return async ({ ack, body, respond, client }: ActionArgs) => {
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id;
    const lookup = channel ? await incidentInChannel(services, channel) : undefined;
    if (!lookup?.ok) {
      await whisper(respond, lookup?.message ?? 'This board no longer belongs to an incident.');
      return;
    }
    const { state } = lookup;
    if (kind === 'resolve') {
      const check = decide(state, { type: 'resolve', summary: '-' }, { actor: body.user.id, at: Date.now() });
      if (!check.ok || check.events.length === 0) {
        await whisper(respond, check.ok ? (check.note ?? '') : check.error.message);
        return;
      }
    }
    if (kind === 'reopen' && state.status !== 'resolved') {
      await whisper(respond, `${state.id} is open already.`);
      return;
    }
    const view =
      kind === 'update'
        ? updateModal(state.id, updateFormStart(state, protocolNamed(services.templates, state.protocol), Date.now()))
        : kind === 'resolve'
          ? resolveModal(state.id, postmortemPrefill(services, state))
          : reopenModal(state.id);
    openModal({ client, triggerId: body.trigger_id, view, tell: tellPrivately(respond), logger: services.logger });
  };
}

export const changeStatusAction = (services: Services) => recordPick(services, 'status');
export const changeSeverityAction = (services: Services) => recordPick(services, 'severity');
export const postUpdateAction = (services: Services) => modalButton(services, 'update');
export const resolveAction = (services: Services) => modalButton(services, 'resolve');
export const reopenAction = (services: Services) => modalButton(services, 'reopen');
