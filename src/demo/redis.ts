/**
 * @module demo/redis
 * A Redis for the demo: the one at REDIS_URL when it answers, else a throwaway `redis-server` on a
 * free port when one is installed, else a clear message saying how to get one.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface DemoRedis {
  url: string;
  stop(): void;
}

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

export async function demoRedis(url: string): Promise<DemoRedis> {
  if (await answers(url)) return { url, stop: () => undefined };
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      `no Redis answers at ${url} and redis-server is not installed: start Redis 7 (\`docker compose up -d redis\`) or set REDIS_URL`,
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const throwaway = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await answers(throwaway)); i += 1) await new Promise((r) => setTimeout(r, 50));
  return { url: throwaway, stop: () => child.kill('SIGTERM') };
}
