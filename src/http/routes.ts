/**
 * @module http/routes
 * What an HTTP route of warroom's is (health, readiness, export links, inbound webhooks, the freeze
 * API), how a request finds its route, and the JSON answers they send. Path parameters
 * (`/incidents/:id/:file`) are matched with path-to-regexp.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { match, type ParamData } from 'path-to-regexp';

export type RouteRequest = IncomingMessage & {
  params: Record<string, string>;
  /** The whole body, read before the handler runs (empty for GET). */
  rawBody: Buffer;
  /** The path and query, parsed. */
  url: string;
  query: URLSearchParams;
};

export interface Route {
  path: string;
  method: string[];
  /** Answers the request. May be async; a throw or rejection answers 500 and is logged. */
  handler: (req: RouteRequest, res: ServerResponse) => void | Promise<void>;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'bad-path' }
  | { kind: 'none' };

/** Decodes a path parameter; a malformed percent escape is a bad request, not a crash. */
function decode(value: string): string {
  return decodeURIComponent(value);
}

const matchers = new WeakMap<Route, ReturnType<typeof match>>();

function matcherOf(route: Route) {
  let matcher = matchers.get(route);
  if (!matcher) {
    matcher = match(route.path, { decode });
    matchers.set(route, matcher);
  }
  return matcher;
}

function stringParams(params: ParamData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) out[key] = Array.isArray(value) ? value.join('/') : String(value);
  return out;
}

/** Finds the route for a request and its path parameters, or why there is none. */
export function findRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    let matched: ReturnType<ReturnType<typeof match>>;
    try {
      matched = matcherOf(route)(path);
    } catch {
      return { kind: 'bad-path' };
    }
    if (!matched) continue;
    if (route.method.includes(method)) return { kind: 'found', route, params: stringParams(matched.params) };
    allowed.push(...route.method);
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed: [...new Set(allowed)] } : { kind: 'none' };
}

/** A JSON answer. */
export function reply(res: ServerResponse, status: number, body: Record<string, unknown>, headers = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** A JSON error answer: `{ok: false, error}` and, when given, what would be right. */
export function replyError(res: ServerResponse, status: number, error: string, extra: Record<string, unknown> = {}) {
  reply(res, status, { ok: false, error, ...extra });
}
