/**
 * @module slack/listeners/views
 * Registers the modal submissions.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { Views } from '../../ids.js';
import { declareView } from './declare.js';
import { reopenView, resolveView, updateView } from './incident-text.js';
import { draftView, stepDoneView, stepReasonView } from './protocol.js';
import { declineView, handoffView, rolesView } from './roles.js';

export function registerViews(app: App, services: Services): void {
  app.view(Views.declare, declareView(services));
  app.view(Views.update, updateView(services));
  app.view(Views.resolve, resolveView(services));
  app.view(Views.reopen, reopenView(services));
  app.view(Views.roles, rolesView(services));
  app.view(Views.handoff, handoffView(services));
  app.view(Views.decline, declineView(services));
  app.view(Views.stepDone, stepDoneView(services));
  app.view(Views.stepReason, stepReasonView(services));
  app.view(Views.draft, draftView(services));
}
