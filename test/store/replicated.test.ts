/**
 * @module test/store/replicated — appends that wait for replicas when there are none (a failover, a
 * replica resyncing): each is answered "not yet replicated" within the connection's command timeout,
 * instead of the WAITs queueing behind one another on the shared connection until they time out.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { NewEvent } from '../../src/incident/events.js';
import { NOT_YET_REPLICATED, outcomeText } from '../../src/slack/record.js';
import { IncidentStore } from '../../src/store/incident-store.js';
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

  it('should not vouch for a retry that finds its append done, when the replicas never confirmed it', async () => {
    const store = new IncidentStore(redis, `repl-store-${randomUUID().slice(0, 8)}`, {
      minReplicasAck: 1,
      ackTimeoutMs: 300,
    });
    const note: NewEvent = {
      type: 'NoteAdded',
      v: 1,
      data: { text: 'db failover started' },
      actor: 'U0DANA0001',
      at: Date.now(),
    };
    const first = await store.append('INC-1', [note], { key: 'cmd:retried' });
    expect(first).toMatchObject({ status: 'appended', replicated: false });
    // Slack's retry of the same request: already recorded, and still on no replica.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const retry = await store.append('INC-1', [note], { key: 'cmd:retried' });
    expect(retry).toMatchObject({ status: 'duplicate', replicated: false });
    const answer = outcomeText(
      { ok: true, events: [], dispatches: [], state: undefined, duplicate: true, replicated: false },
      'Noted on the timeline.',
    );
    expect(answer).toBe(`Noted on the timeline.\n${NOT_YET_REPLICATED}`);
  });
});
