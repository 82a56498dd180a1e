/**
 * @module slack/listeners
 * Routes every request Slack sends, grouped by Slack surface. Bolt runs each request past every
 * registered listener, each with its own chain of matching middleware: four listeners cost a bare
 * Bolt app about a fifth more CPU per request (bench: one listener vs four). So warroom registers one
 * global middleware that hands the request to the route of its kind, and no listener at all. Bolt gives
 * global middleware the same arguments as a listener (`command`, `action`, `view`, `event`, `ack`, …).
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { actionRoute } from './actions/index.js';
import { commandRoute } from './commands/index.js';
import { eventRoute } from './events/index.js';
import type { Route } from './route.js';
import { viewRoute } from './views/index.js';

export function registerListeners(app: App, services: Services): void {
  const routes: Route[] = [commandRoute(services), actionRoute(services), viewRoute(services), eventRoute(services)];
  app.use(async (args) => {
    const request = args as Parameters<Route>[0];
    for (const route of routes) if (await route(request)) return;
    // Nothing warroom handles (a shortcut, an options request): Bolt goes on as with no listener.
    await args.next();
  });
}
