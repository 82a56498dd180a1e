/**
 * @module sandbox/pagerduty/routes
 * The REST operations served (those of rest-openapiv3-extract.json but `POST /webhook_subscriptions`;
 * the emulator's one subscription is configured at start), matched by method and path.
 */
import { directoryRoutes } from './directory.js';
import { incidentRoutes } from './incidents.js';
import { oncallRoutes } from './oncalls.js';
import type { RestRoute } from './types.js';

export type { Caller, RestRoute, RouteContext } from './types.js';

const ROUTES: RestRoute[] = [...oncallRoutes, ...directoryRoutes, ...incidentRoutes];

const COMPILED = ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace('{id}', '([^/]+)')}$`),
}));

export function matchRestRoute(
  method: string,
  path: string,
): { route: RestRoute; params: Record<string, string> } | undefined {
  for (const { route, pattern } of COMPILED) {
    if (route.method !== method) continue;
    const match = path.match(pattern);
    if (match) return { route, params: match[1] === undefined ? {} : { id: decodeURIComponent(match[1]) } };
  }
  return undefined;
}
