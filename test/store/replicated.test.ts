/**
 * @module test/store/replicated — appends that wait for replicas when there are none (a failover, a
 * replica resyncing): each is answered "not yet replicated" within the connection's command timeout,
 * instead of the WAITs queueing behind one another on the shared connection until they time out.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeReplicated } from '../../src/store/replicated.js';

describe('replicated writes with the replicas away', () => {
  let redis: Redis;
  const key = `repl-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    // As warroom's commands connection: fail fast, 2 s per command. The test Redis has no replica.
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2000 });
    await new Promise((resolve) => redis.once('ready', resolve));
  });
  afterAll(async () => {
    await redis.del(key);
    await redis.quit();
  });

  it('should answer each of 20 concurrent writes, written and "not yet replicated", none timing out', async () => {
    const durability = { minReplicasAck: 1, ackTimeoutMs: 500 };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => writeReplicated(redis, durability, (p) => p.rpush(key, String(i)))),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.replicated : undefined))).toEqual(
      Array(20).fill(false),
    );
    expect((await redis.lrange(key, 0, -1)).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 20 }, (_, i) => String(i)),
    );
  });

  it('should not wait for replicas at all when none are asked for', async () => {
    const written = await writeReplicated(redis, { minReplicasAck: 0, ackTimeoutMs: 500 }, (p) => p.rpush(key, 'x'));
    expect(written).toEqual({ results: [21], replicated: true });
  });
});
