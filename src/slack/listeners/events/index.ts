/**
 * @module slack/listeners/events
 * The Events API's route, by event type.
 */
import type { Services } from '../../../services.js';
import type { Route } from '../route.js';
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

export function eventRoute(services: Services): Route {
  const handlers = new Map<string, Handler>([
    ['pin_added', pinAdded(services)],
    ['pin_removed', pinRemoved(services)],
    ['reaction_added', reactionAdded(services)],
    ['reaction_removed', reactionRemoved(services)],
    ['message', messageChanged(services)],
    ['app_home_opened', homeOpened(services)],
  ]);
  return async (args) => {
    if (!('event' in args) || !args.event) return false;
    // Bolt acknowledges an event before any middleware runs; one warroom does not handle is dropped.
    await handlers.get(args.event.type)?.(args);
    return true;
  };
}
