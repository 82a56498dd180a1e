/**
 * @module slack/listeners/views
 * The modal submissions' route, by callback_id.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { Views } from '../../ids.js';
import type { Route } from '../route.js';
import { declareView } from './declare.js';
import { followUpView } from './followups.js';
import { reopenView, resolveView, updateView } from './incident-text.js';
import { draftView, stepDoneView, stepReasonView } from './protocol.js';
import { declineView, handoffView, rolesView } from './roles.js';
import { rollbackView } from './rollback.js';
import { statusPageView } from './statuspage.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function viewRoute(services: Services): Route {
  const handlers = new Map<string, (args: ViewArgs) => Promise<void>>([
    [Views.declare, declareView(services)],
    [Views.update, updateView(services)],
    [Views.resolve, resolveView(services)],
    [Views.reopen, reopenView(services)],
    [Views.roles, rolesView(services)],
    [Views.handoff, handoffView(services)],
    [Views.decline, declineView(services)],
    [Views.stepDone, stepDoneView(services)],
    [Views.stepReason, stepReasonView(services)],
    [Views.draft, draftView(services)],
    [Views.rollback, rollbackView(services)],
    [Views.statusPage, statusPageView(services)],
    [Views.followUp, followUpView(services)],
  ]);
  return async (args) => {
    if (args.body.type !== 'view_submission' || !('view' in args)) return false;
    const viewArgs = args as ViewArgs;
    const handler = handlers.get(viewArgs.view.callback_id);
    if (handler) await handler(viewArgs);
    else await viewArgs.ack();
    return true;
  };
}
