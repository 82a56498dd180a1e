/**
 * @module slack/listeners
 * Registers every listener, grouped by Slack surface.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { registerCommands } from './commands/index.js';

export function registerListeners(app: App, services: Services): void {
  registerCommands(app, services);
}
