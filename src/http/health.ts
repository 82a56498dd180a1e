/**
 * @module http/health
 * `GET /healthz` (the process is up) and `GET /readyz` (Redis answers), served by the Slack receiver
 * or, in a worker-only process, by a tiny server of their own.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { redisAnswers } from '../redis/connection.js';

export interface HealthRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function healthRoutes(redis: Redis): HealthRoute[] {
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

/** A server answering only the health routes (for `npm run worker`). */
export async function startHealthServer(port: number, routes: HealthRoute[]): Promise<Server> {
  const server = createServer((req, res) => {
    const route = routes.find((r) => r.path === req.url?.split('?')[0] && r.method.includes(req.method ?? ''));
    if (route) route.handler(req, res);
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
