/**
 * @module slack/listeners/actions
 * Registers the buttons and menus.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { Actions } from '../../ids.js';
import { changeSeverityAction, changeStatusAction, postUpdateAction, reopenAction, resolveAction } from './board.js';
import { exportAction } from './export.js';
import {
  reminderPostUpdateAction,
  reminderSnoozeAction,
  stepDoneAction,
  stepDraftAction,
  stepReasonAction,
} from './protocol.js';
import { acceptHandoffAction, declineHandoffAction, handOffRoleAction, takeRoleAction } from './roles.js';

export function registerActions(app: App, services: Services): void {
  app.action(Actions.postUpdate, postUpdateAction(services));
  app.action(Actions.changeStatus, changeStatusAction(services));
  app.action(Actions.changeSeverity, changeSeverityAction(services));
  app.action(Actions.resolve, resolveAction(services));
  app.action(Actions.reopen, reopenAction(services));
  app.action(Actions.takeRole, takeRoleAction(services));
  app.action(Actions.handOffRole, handOffRoleAction(services));
  app.action(Actions.acceptHandoff, acceptHandoffAction(services));
  app.action(Actions.declineHandoff, declineHandoffAction(services));
  app.action(Actions.stepDone, stepDoneAction(services));
  app.action(Actions.stepSkip, stepReasonAction(services, 'skip'));
  app.action(Actions.stepBlock, stepReasonAction(services, 'block'));
  app.action(Actions.stepDraft, stepDraftAction(services));
  app.action(Actions.reminderPostUpdate, reminderPostUpdateAction(services));
  app.action(Actions.exportMarkdown, exportAction(services, 'md'));
  app.action(Actions.exportHtml, exportAction(services, 'html'));
  // A click on a button warroom no longer has (an old message, a renamed action) is acknowledged, not
  // left to time out: Slack would show the responder an error.
  const known = new Set<string>(Object.values(Actions));
  app.use(async ({ body, ack, next }) => {
    const actions = (body as { type?: string; actions?: unknown }).actions;
    if ((body as { type?: string }).type === 'block_actions' && (!Array.isArray(actions) || actions.length === 0)) {
      await ack?.();
      return;
    }
    await next();
  });
  app.action({ type: 'block_actions' }, async ({ action, ack }) => {
    if (!known.has(action.action_id)) await ack();
  });
  app.action(Actions.reminderSnooze15, reminderSnoozeAction(services));
  app.action(Actions.reminderSnooze30, reminderSnoozeAction(services));
}
