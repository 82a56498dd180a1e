/**
 * @module http/health
 * `GET /healthz` (the process is up) and `GET /readyz` (Redis answers), on every process's port.
 */
import type { Redis } from 'ioredis';
import { redisAnswers } from '../redis/connection.js';
import { type Route, reply } from './routes.js';

export function healthRoutes(redis: Redis): Route[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => reply(res, 200, { ok: true }),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: async (_req, res) => {
        const ok = await redisAnswers(redis);
        reply(res, ok ? 200 : 503, ok ? { ok: true, redis: 'ok' } : { ok: false, redis: 'not answering' });
      },
    },
  ];
}
