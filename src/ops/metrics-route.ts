/**
 * @module ops/metrics-route
 * `GET /metrics` on every process's port, for Prometheus. With `WARROOM_METRICS_TOKEN` set, a request
 * must carry `Authorization: Bearer <token>` (compared in constant time) or it is answered 401 saying
 * so; without it, `/metrics` is open to whoever reaches the port.
 */
import { bearerOf, tokenMatches } from '../http/freeze-api.js';
import { type Route, replyError } from '../http/routes.js';
import type { WarroomMetrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

export const METRICS_UNAUTHORIZED =
  'send Authorization: Bearer <WARROOM_METRICS_TOKEN> (in Prometheus: authorization: {type: Bearer, credentials_file: …} on the scrape job)';

/**
 * The `/metrics` route; `token` is `WARROOM_METRICS_TOKEN` (undefined: open).
 * @example
 * const routes = [...healthRoutes(redis), ...metricsRoutes(metrics, config.metricsToken)];
 */
export function metricsRoutes(metrics: WarroomMetrics, token: string | undefined): Route[] {
  return [
    {
      path: METRICS_PATH,
      method: ['GET'],
      handler: async (req, res) => {
        if (token !== undefined) {
          const presented = bearerOf(req.headers.authorization);
          if (!presented || !tokenMatches(presented, token)) {
            res.setHeader('www-authenticate', 'Bearer realm="warroom metrics"');
            replyError(res, 401, METRICS_UNAUTHORIZED);
            return;
          }
        }
        const text = await metrics.scrape();
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(text);
      },
    },
  ];
}
