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
  app.action(Actions.reminderSnooze15, reminderSnoozeAction(services));
  app.action(Actions.reminderSnooze30, reminderSnoozeAction(services));
}
