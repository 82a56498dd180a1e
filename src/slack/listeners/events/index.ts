/**
 * @module slack/listeners/events
 * Registers the Events API listeners.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { messageChanged, pinAdded, pinRemoved, reactionAdded, reactionRemoved } from './timeline-pins.js';

export function registerEvents(app: App, services: Services): void {
  app.event('pin_added', pinAdded(services));
  app.event('pin_removed', pinRemoved(services));
  app.event('reaction_added', reactionAdded(services));
  app.event('reaction_removed', reactionRemoved(services));
  app.event('message', messageChanged(services));
}
