/**
 * @module http/freeze-api
 * `GET /api/freeze[?service=…&version=…]` for pipelines: `{"frozen": true, "incidents": [{"id": "INC-42",
 * "severity": "sev1", "since": "…"}], "go": false, "reason": "…"}` (`go`: whether that deploy may go: a
 * rollback warroom started always may), authenticated with `Authorization: Bearer <WARROOM_API_TOKEN>` (compared in
 * constant time). Without the token configured the API is off and says how to turn it on.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { deployVerdict, freezeStatus } from '../changes/freeze.js';
import type { Services } from '../services.js';
import { FreezeStore } from '../store/freeze-store.js';
import { type Route, reply, replyError } from './routes.js';

/** Compares a presented token with the configured one without leaking either's length or content. */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function bearerOf(header: string | undefined): string | undefined {
  return header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
}

export function freezeRoutes(services: Services): Route[] {
  const store = new FreezeStore(services.redis, services.config.keyPrefix);
  return [
    {
      path: '/api/freeze',
      method: ['GET'],
      handler: async (req, res) => {
        const expected = services.config.apiToken;
        if (!expected) {
          replyError(res, 404, 'the freeze API is off: set WARROOM_API_TOKEN on warroom and send it as a bearer token');
          return;
        }
        const presented = bearerOf(req.headers.authorization);
        if (!presented || !tokenMatches(presented, expected)) {
          res.setHeader('www-authenticate', 'Bearer');
          replyError(res, 401, 'send Authorization: Bearer <WARROOM_API_TOKEN>');
          return;
        }
        const service = req.query.get('service') ?? undefined;
        const version = req.query.get('version') ?? undefined;
        if (version && !service) {
          replyError(res, 400, 'version needs service: /api/freeze?service=payments-api&version=2026.11.28-2');
          return;
        }
        const [holders, running, rolledBack] = await Promise.all([
          store.holders(),
          store.runningRollbacks(),
          store.rolledBack(),
        ]);
        const verdict = deployVerdict(holders, running, rolledBack, { service, version });
        reply(res, 200, { ...freezeStatus(holders), go: verdict.go, reason: verdict.reason });
      },
    },
  ];
}
