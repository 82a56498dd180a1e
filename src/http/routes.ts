/**
 * @module http/routes
 * The few HTTP routes warroom serves besides Slack's: health, readiness and signed export links.
 * Routes have path parameters (`/incidents/:id/:file`), matched the way Bolt's receiver matches them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { match, type ParamData } from 'path-to-regexp';

/** Path parameters, as Bolt's receiver and this module hand them to a route. */
export type ParamsDictionary = Record<string, string> | ParamData;

export type RouteRequest = IncomingMessage & { params?: ParamsDictionary };

export interface Route {
  path: string;
  method: string[];
  handler: (req: RouteRequest, res: ServerResponse) => void;
}

/** Finds the route for a request and its path parameters. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  url: string,
): { route: Route; params: ParamData } | undefined {
  const path = url.split('?')[0] ?? '/';
  for (const route of routes) {
    if (!route.method.includes(method)) continue;
    const matched = match(route.path, { decode: decodeURIComponent })(path);
    if (matched) return { route, params: matched.params };
  }
  return undefined;
}

export function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
