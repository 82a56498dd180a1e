/**
 * @module slack/listeners/events
 * Registers the Events API listeners: one Bolt listener that routes by event type.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { messageChanged, pinAdded, pinRemoved, reactionAdded, reactionRemoved } from './timeline-pins.js';

// biome-ignore lint/suspicious/noExplicitAny: each handler narrows the event type it handles.
type Handler = (args: any) => Promise<void>;

/** Someone opened warroom's Home tab: a worker publishes it for them (nothing is recorded). */
function homeOpened(services: Services): Handler {
  return async ({ event }: { event: { user?: string; tab?: string } }) => {
    if (event.tab !== 'home' || !event.user) return;
    await services.effects.home({ user: event.user });
  };
}

export function registerEvents(app: App, services: Services): void {
  const handlers = new Map<string, Handler>([
    ['pin_added', pinAdded(services)],
    ['pin_removed', pinRemoved(services)],
    ['reaction_added', reactionAdded(services)],
    ['reaction_removed', reactionRemoved(services)],
    ['message', messageChanged(services)],
    ['app_home_opened', homeOpened(services)],
  ]);
  app.event(/^(pin_added|pin_removed|reaction_added|reaction_removed|message|app_home_opened)$/, async (args) => {
    await handlers.get(args.event.type)?.(args);
  });
}
