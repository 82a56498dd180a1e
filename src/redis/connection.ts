/**
 * @module redis/connection
 * Redis connections for the two kinds of work: `command` connections fail fast when Redis is away (so
 * a responder hears at once that nothing was recorded), `worker` connections wait and retry (BullMQ
 * needs `maxRetriesPerRequest: null`). Both reconnect with backoff and log a clear line, never a stack.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { type Logger, scrub } from '../log.js';
import { redisReady } from '../ops/reconnects.js';
import { describeTarget, type RedisTarget } from './target.js';

/**
 * `command`: fails fast while Redis is away (a responder is told nothing was recorded); `worker`: waits
 * for it (BullMQ); `cli`: connects when asked, tries once and gives up (a CLI command exits with a clear line).
 */
export type ConnectionKind = 'command' | 'worker' | 'cli';

const MAX_BACKOFF_MS = 2000;

/** A URL fit for a log line: no password. */
export function describeRedisUrl(url: string): string {
  return scrub(url);
}

/**
 * Connections for the target: a Cluster client is used through the same commands as a single server's.
 * `autoPipeline`: commands issued in the same turn of the event loop (or while a batch is in flight) go
 * to Redis in one write, as ioredis' auto-pipelining does; only for a connection with no blocking
 * commands (the store's: under a burst of requests, one write carries many appends).
 */
export function createRedis(
  target: RedisTarget | string,
  kind: ConnectionKind,
  logger: Logger,
  name: string,
  tuning: { autoPipeline?: boolean } = {},
): Redis {
  const where: RedisTarget = typeof target === 'string' ? { kind: 'single', url: target } : target;
  const described = describeTarget(where, scrub);
  const log = logger.child({ component: 'redis', connection: name });
  let failures = 0;
  const cli = kind === 'cli';
  const backoff = (times: number) => (cli ? null : Math.min(times * 250, MAX_BACKOFF_MS));
  const options: RedisOptions = {
    connectionName: `warroom:${name}`,
    lazyConnect: cli,
    retryStrategy: backoff,
    enableAutoPipelining: tuning.autoPipeline === true,
    ...(kind === 'worker'
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : kind === 'cli'
        ? { maxRetriesPerRequest: 1, connectTimeout: 3000 }
        : { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2000 }),
  };
  let redis: Redis;
  switch (where.kind) {
    case 'single':
      redis = new Redis(where.url, options);
      break;
    case 'sentinel':
      redis = new Redis({
        ...options,
        sentinels: where.sentinels,
        name: where.name,
        username: where.username,
        password: where.password,
        sentinelPassword: where.sentinelPassword,
        // Follow a failover as soon as the sentinels announce it, not only when the old primary drops us.
        failoverDetector: true,
        sentinelRetryStrategy: backoff,
      });
      break;
    case 'cluster': {
      const { retryStrategy: _r, ...nodeOptions } = options;
      const cluster = new Cluster(where.nodes, {
        redisOptions: { ...nodeOptions, username: where.username, password: where.password },
        clusterRetryStrategy: backoff,
        lazyConnect: cli,
        enableOfflineQueue: kind !== 'command',
        scaleReads: 'master',
        enableAutoPipelining: tuning.autoPipeline === true,
        // A failover moves slots: follow MOVED/ASK and retry a command on a node that went away.
        // A responder's command gives up within about 2 s (Slack wants its answer in 3), a worker's waits.
        maxRedirections: kind === 'worker' ? 32 : 6,
        retryDelayOnFailover: 200,
        retryDelayOnClusterDown: 300,
        retryDelayOnTryAgain: 200,
        slotsRefreshTimeout: 2000,
      });
      // ioredis' Cluster answers the same commands (scripts included); warroom uses it through that API.
      redis = cluster as unknown as Redis;
      break;
    }
  }
  redis.on('error', (error: Error & { code?: string }) => {
    failures += 1;
    // One line on the first failure and then every tenth, so an outage does not flood the log.
    if (failures === 1 || failures % 10 === 0) {
      log.warn(
        { code: error.code, failures },
        `Redis at ${described} is not answering (${error.code ?? error.message}); retrying`,
      );
    }
  });
  redis.on('ready', () => {
    redisReady(redis);
    if (failures > 0) log.info({ failures }, `Redis at ${described} is back`);
    failures = 0;
  });
  return redis;
}

/** Whether this connection is to a Redis Cluster (keys must then keep each script in one slot). */
export function isCluster(redis: Redis): boolean {
  return (redis as unknown as { isCluster?: boolean }).isCluster === true;
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
