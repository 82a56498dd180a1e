/**
 * @module test/store/reactivate — an open incident lost from the active list (a failover lost the write)
 * is put back, so the sweeper finds the effects still to apply instead of leaving them for ever.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { IncidentStore } from '../../src/store/incident-store.js';

describe('open incidents missing from the active list', () => {
  let redis: Redis;
  let store: IncidentStore;
  const prefix = `react-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'));
    store = new IncidentStore(redis, prefix);
    await redis.zadd(store.keys.openIncidents, 1000, 'INC-1', 2000, 'INC-2');
    await redis.zadd(store.keys.activeIncidents, Date.now(), 'INC-2');
    // INC-1's event 3 still has effects to apply, but INC-1 is not on the active list.
    await redis.zadd(store.keys.outbox('INC-1'), 1000, '3:0');
  });
  afterAll(async () => {
    const keys = [...(await redis.keys(`${prefix}:*`)), ...(await redis.keys(`{${prefix}}:*`))];
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('should be put back once, and its pending effects then found', async () => {
    expect(await store.pendingEffects(Date.now())).toEqual([]);
    expect(await store.reactivateOpen()).toBe(1);
    expect(await store.reactivateOpen()).toBe(0);
    expect(await redis.zscore(store.keys.activeIncidents, 'INC-1')).toBe('1000');
    expect(await store.pendingEffects(Date.now())).toEqual([{ incidentId: 'INC-1', seq: 3, after: 0 }]);
  });
});
