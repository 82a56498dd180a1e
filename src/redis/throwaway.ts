/**
 * @module redis/throwaway
 * A Redis to run against when none is configured: the one at the given URL when it answers, else a
 * throwaway `redis-server` on a free port when one is installed, else a clear message saying how to
 * get one. Used by `npm run demo` and by the test setup.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface AvailableRedis {
  url: string;
  /** Stops the throwaway server, if one was started. */
  stop(): void;
}

/** Whether a Redis answers PING at `url` (within a second). */
export async function redisAnswersAt(url: string): Promise<boolean> {
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

/** A TCP port nothing listens on right now, on loopback. */
export function freePort(): Promise<number> {
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

export async function ensureRedis(url: string): Promise<AvailableRedis> {
  if (await redisAnswersAt(url)) return { url, stop: () => undefined };
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      `No Redis answers at ${url} and redis-server is not installed. Start Redis 7 (e.g. \`docker compose up -d redis\` or \`apt-get install redis-server\`) or set REDIS_URL.`,
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
  for (let i = 0; i < 100 && !(await redisAnswersAt(throwaway)); i += 1) await new Promise((r) => setTimeout(r, 50));
  return { url: throwaway, stop: () => child.kill('SIGTERM') };
}
