/**
 * @module slack/listeners/events
 * Registers the Events API listeners: one Bolt listener that routes by event type.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { messageChanged, pinAdded, pinRemoved, reactionAdded, reactionRemoved } from './timeline-pins.js';

// biome-ignore lint/suspicious/noExplicitAny: each handler narrows the event type it handles.
type Handler = (args: any) => Promise<void>;

export function registerEvents(app: App, services: Services): void {
  const handlers = new Map<string, Handler>([
    ['pin_added', pinAdded(services)],
    ['pin_removed', pinRemoved(services)],
    ['reaction_added', reactionAdded(services)],
    ['reaction_removed', reactionRemoved(services)],
    ['message', messageChanged(services)],
  ]);
  app.event(/^(pin_added|pin_removed|reaction_added|reaction_removed|message)$/, async (args) => {
    await handlers.get(args.event.type)?.(args);
  });
}
