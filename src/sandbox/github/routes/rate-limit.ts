/**
 * @module sandbox/github/routes/rate-limit
 * `GET /rate_limit`: the token's budgets. It does not spend the primary limit, as on GitHub.
 */
import type { RateLimiter } from '../rate-limit.js';
import type { Route } from './types.js';

/** The route, reading the live budget of `limiter`. */
export function rateLimitRoute(limiter: RateLimiter): Route {
  return {
    operation: 'rate-limit/get',
    method: 'GET',
    path: '/rate_limit',
    docs: 'https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user',
    free: true,
    scope: 'global',
    handle: () => {
      const core = limiter.snapshot();
      const other = (limit: number) => ({ limit, remaining: limit, reset: core.reset, used: 0 });
      return {
        status: 200,
        json: {
          resources: {
            core,
            search: other(30),
            graphql: other(5000),
            integration_manifest: other(5000),
            code_scanning_upload: other(500),
          },
          rate: core,
        },
      };
    },
  };
}
