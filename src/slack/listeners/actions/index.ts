/**
 * @module slack/listeners/actions
 * The buttons and menus' route, by action_id; it acknowledges clicks on buttons warroom no longer has
 * instead of letting them time out.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { Actions } from '../../ids.js';
import type { Route } from '../route.js';
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

export function actionRoute(services: Services): Route {
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
  return async (args) => {
    if (args.body.type !== 'block_actions') return false;
    const { actions } = args.body as { actions?: unknown };
    // A block_actions payload without actions (Slack never sends one) is acknowledged, nothing more.
    if (!Array.isArray(actions) || actions.length === 0 || !('action' in args)) {
      await (args as { ack?: () => Promise<void> }).ack?.();
      return true;
    }
    const click = args as ActionArgs;
    // The on-call buttons carry the person in the action id (`oncall.invite.U123`): unique in the board.
    const id = click.action.action_id
      .replace(/^(oncall\.(?:invite|seat_ops|handoff))\.[UW][A-Z0-9]+$/, '$1')
      .replace(/^(followup\.file)\.fu-[a-z0-9-]+$/, '$1');
    const handler = handlers.get(id);
    if (handler) await handler(click);
    else await click.ack();
    return true;
  };
}
