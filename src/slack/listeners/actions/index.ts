/**
 * @module slack/listeners/actions
 * Registers the buttons and menus: one Bolt listener that routes by action_id (Bolt runs every
 * request past every registered listener, so one router keeps the ack path short), and acknowledges
 * clicks on buttons warroom no longer has instead of letting them time out.
 */
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { Actions } from '../../ids.js';
import { changeSeverityAction, changeStatusAction, postUpdateAction, reopenAction, resolveAction } from './board.js';
import { startRollbackAction, suspectAction } from './changes.js';
import { exportAction } from './export.js';
import { addFollowUpAction, fileFollowUpAction } from './followups.js';
import { backToIdentifyAction, impactStartAction, verifyRecoveryAction } from './metric.js';
import { onCallAction, onCallHandoffAction } from './oncall.js';
import {
  reminderPostUpdateAction,
  reminderSnoozeAction,
  stepDoneAction,
  stepDraftAction,
  stepReasonAction,
} from './protocol.js';
import { acceptHandoffAction, declineHandoffAction, handOffRoleAction, takeRoleAction } from './roles.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
// biome-ignore lint/suspicious/noExplicitAny: each handler narrows the action type it expects (button, select).
type Handler = (args: any) => Promise<void>;

export function registerActions(app: App, services: Services): void {
  const handlers = new Map<string, Handler>([
    [Actions.postUpdate, postUpdateAction(services)],
    [Actions.changeStatus, changeStatusAction(services)],
    [Actions.changeSeverity, changeSeverityAction(services)],
    [Actions.resolve, resolveAction(services)],
    [Actions.reopen, reopenAction(services)],
    [Actions.takeRole, takeRoleAction(services)],
    [Actions.handOffRole, handOffRoleAction(services)],
    [Actions.acceptHandoff, acceptHandoffAction(services)],
    [Actions.declineHandoff, declineHandoffAction(services)],
    [Actions.stepDone, stepDoneAction(services)],
    [Actions.stepSkip, stepReasonAction(services, 'skip')],
    [Actions.stepBlock, stepReasonAction(services, 'block')],
    [Actions.stepDraft, stepDraftAction(services)],
    [Actions.reminderPostUpdate, reminderPostUpdateAction(services)],
    [Actions.reminderSnooze15, reminderSnoozeAction(services)],
    [Actions.reminderSnooze30, reminderSnoozeAction(services)],
    [Actions.exportMarkdown, exportAction(services, 'md')],
    [Actions.exportHtml, exportAction(services, 'html')],
    [Actions.suspectDeploy, suspectAction(services)],
    [Actions.startRollback, startRollbackAction(services)],
    [Actions.metricImpactStart, impactStartAction(services)],
    [Actions.metricVerifyRecovery, verifyRecoveryAction(services)],
    [Actions.metricBackToIdentify, backToIdentifyAction(services)],
    [Actions.onCallInvite, onCallAction(services, 'invite')],
    [Actions.onCallSeatOps, onCallAction(services, 'seat')],
    [Actions.onCallHandoff, onCallHandoffAction(services)],
    [Actions.fileFollowUp, fileFollowUpAction(services)],
    [Actions.addFollowUp, addFollowUpAction(services)],
  ]);
  // A block_actions payload without actions (Slack never sends one) matches no listener: acknowledge it.
  app.use(async ({ body, ack, next }) => {
    const actions = (body as { type?: string; actions?: unknown }).actions;
    if ((body as { type?: string }).type === 'block_actions' && (!Array.isArray(actions) || actions.length === 0)) {
      await ack?.();
      return;
    }
    await next();
  });
  app.action({ type: 'block_actions' }, async (args: ActionArgs) => {
    // The on-call buttons carry the person in the action id (`oncall.invite.U123`): unique in the board.
    const id = args.action.action_id
      .replace(/^(oncall\.(?:invite|seat_ops|handoff))\.[UW][A-Z0-9]+$/, '$1')
      .replace(/^(followup\.file)\.fu-[a-z0-9-]+$/, '$1');
    const handler = handlers.get(id);
    if (handler) await handler(args);
    else await args.ack();
  });
}
