/**
 * Vitest global setup: makes sure a Redis answers for the integration tests. Uses REDIS_URL (default
 * redis://127.0.0.1:6379); when nothing answers there and `redis-server` is installed, starts a
 * throwaway one on a free port; otherwise fails saying how to get Redis.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
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
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let child: ChildProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await answers(url)) {
    project.provide('redisUrl', url);
    return;
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      `No Redis answers at ${url} and redis-server is not installed. Start Redis 7 (e.g. \`docker compose up -d redis\` or \`apt-get install redis-server\`) or set REDIS_URL.`,
    );
  }
  const port = await freePort();
  child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const throwaway = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await answers(throwaway)); i += 1) await new Promise((r) => setTimeout(r, 50));
  project.provide('redisUrl', throwaway);
}

export async function teardown(): Promise<void> {
  child?.kill('SIGTERM');
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
