/**
 * @module http/health
 * `GET /healthz` (the process is up) and `GET /readyz` (Redis answers), served by the Slack receiver
 * or, in a worker-only process, by a tiny server of their own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { redisAnswers } from '../redis/connection.js';
import { findRoute, type Route, reply } from './routes.js';

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
      handler: (_req, res) => {
        redisAnswers(redis).then((ok) =>
          reply(res, ok ? 200 : 503, ok ? { ok: true, redis: 'ok' } : { ok: false, redis: 'not answering' }),
        );
      },
    },
  ];
}

/** A server for warroom's own routes when Bolt's receiver is not serving HTTP (Socket Mode, workers). */
export async function startHealthServer(port: number, routes: Route[]): Promise<Server> {
  const server = createServer((req, res) => {
    const found = findRoute(routes, req.method ?? 'GET', req.url ?? '/');
    if (found) found.route.handler(Object.assign(req, { params: found.params }), res);
    else reply(res, 404, { ok: false, error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
