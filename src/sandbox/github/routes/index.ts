/**
 * @module sandbox/github/routes
 * The REST route table and the matcher from method and path to a route and its path parameters.
 */
import type { RateLimiter } from '../rate-limit.js';
import { actionsRoutes } from './actions.js';
import { deploymentRoutes } from './deployments.js';
import { issueRoutes } from './issues.js';
import { rateLimitRoute } from './rate-limit.js';
import type { Route } from './types.js';

export type { Context, RepoContext, Route, RouteEffects } from './types.js';

interface Compiled {
  route: Route;
  pattern: RegExp;
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(limiter: RateLimiter) {
    const routes = [...actionsRoutes, ...deploymentRoutes, ...issueRoutes, rateLimitRoute(limiter)];
    this.compiled = routes.map((route) => ({
      route,
      pattern: new RegExp(`^${route.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
    }));
  }

  /** The route for this call and its decoded path parameters, if GitHub has one. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const { route, pattern } of this.compiled) {
      if (route.method !== method) continue;
      const found = pattern.exec(path);
      if (!found) continue;
      const params = Object.fromEntries(
        Object.entries(found.groups ?? {}).map(([name, value]) => [name, decodeURIComponent(value)]),
      );
      return { route, params };
    }
    return undefined;
  }
}
