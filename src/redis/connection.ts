/**
 * @module redis/connection
 * Redis connections for the two kinds of work: `command` connections fail fast when Redis is away (so
 * a responder hears at once that nothing was recorded), `worker` connections wait and retry (BullMQ
 * needs `maxRetriesPerRequest: null`). Both reconnect with backoff and log a clear line, never a stack.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { type Logger, scrub } from '../log.js';

export type ConnectionKind = 'command' | 'worker';

const MAX_BACKOFF_MS = 2000;

/** A URL fit for a log line: no password. */
export function describeRedisUrl(url: string): string {
  return scrub(url);
}

export function createRedis(url: string, kind: ConnectionKind, logger: Logger, name: string): Redis {
  const log = logger.child({ component: 'redis', connection: name });
  let failures = 0;
  const options: RedisOptions = {
    connectionName: `warroom:${name}`,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 250, MAX_BACKOFF_MS),
    ...(kind === 'worker'
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2000 }),
  };
  const redis = new Redis(url, options);
  redis.on('error', (error: Error & { code?: string }) => {
    failures += 1;
    // One line on the first failure and then every tenth, so an outage does not flood the log.
    if (failures === 1 || failures % 10 === 0) {
      log.warn(
        { code: error.code, failures },
        `Redis at ${describeRedisUrl(url)} is not answering (${error.code ?? error.message}); retrying`,
      );
    }
  });
  redis.on('ready', () => {
    if (failures > 0) log.info({ failures }, `Redis at ${describeRedisUrl(url)} is back`);
    failures = 0;
  });
  return redis;
}

/** Resolves when the connection is ready; logs while it waits. */
export function waitForRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      redis.off('end', onEnd);
      resolve();
    };
    const onEnd = () => {
      redis.off('ready', onReady);
      reject(new Error('Redis connection closed before it was ready'));
    };
    redis.once('ready', onReady);
    redis.once('end', onEnd);
  });
}

/** Whether Redis answers a PING within `timeoutMs`. */
export async function redisAnswers(redis: Redis, timeoutMs = 1000): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  try {
    const pong = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return pong === 'PONG';
  } catch {
    return false;
  }
}

/** Closes a connection politely, or at once when Redis is not there to say goodbye to. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
