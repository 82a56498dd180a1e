/**
 * @module slack/listeners
 * Registers every listener, grouped by Slack surface.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerEvents } from './events/index.js';
import { registerViews } from './views/index.js';

export function registerListeners(app: App, services: Services): void {
  registerCommands(app, services);
  registerActions(app, services);
  registerViews(app, services);
  registerEvents(app, services);
}
