/** @module test/store/migrate-layout — a Redis written before the Cluster layout keeps every incident. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { IncidentStore } from '../../src/store/incident-store.js';
import { migrateLayout } from '../../src/store/migrate-layout.js';

describe('moving the old Redis layout to the Cluster-ready one', () => {
  let redis: Redis;
  const prefix = `mig-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'));
    // What warroom 0.1 wrote: indexes without a hash tag, one outbox for all incidents, a key per channel.
    await redis.set(`${prefix}:incident-counter`, '2');
    await redis.hset(`${prefix}:declare-keys`, 'cmd:1', 'INC-1', 'cmd:2', 'INC-2');
    await redis.zadd(`${prefix}:incidents:all`, 1, 'INC-1', 2, 'INC-2');
    await redis.zadd(`${prefix}:incidents:open`, 2, 'INC-2');
    await redis.hset(`${prefix}:people`, 'U0DANA', 'dana');
    await redis.set(`${prefix}:channel:C0INC1`, 'INC-1');
    await redis.set(`${prefix}:channel:C0INC2`, 'INC-2');
    await redis.zadd(`${prefix}:outbox`, 1000, 'INC-2:5:3');
  });
  afterAll(async () => {
    const keys = [...(await redis.keys(`${prefix}:*`)), ...(await redis.keys(`{${prefix}}:*`))];
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('should move the indexes, the channels and the pending effects, and go on counting incident ids', async () => {
    const moved = await migrateLayout(redis, prefix, createLogger('silent'));
    expect(moved).toEqual({ moved: 5, channels: 2, pending: 1 });
    const store = new IncidentStore(redis, prefix);
    expect(await store.incidentForChannel('C0INC1')).toBe('INC-1');
    expect(await store.openIncidentIds()).toEqual(['INC-2']);
    expect(await store.allIncidentIds()).toEqual(['INC-1', 'INC-2']);
    expect(await redis.hget(store.keys.people, 'U0DANA')).toBe('dana');
    expect(await redis.zrange(store.keys.outbox('INC-2'), '0', '-1')).toEqual(['5:3']);
    expect(await redis.zrange(store.keys.activeIncidents, '0', '-1')).toEqual(['INC-2']);
    expect(await store.reserveIncidentId('cmd:2')).toEqual({ id: 'INC-2', existed: true });
    expect(await store.reserveIncidentId('cmd:3')).toEqual({ id: 'INC-3', existed: false });
    expect(await redis.keys(`${prefix}:channel:*`)).toEqual([]);
    expect(await redis.exists(`${prefix}:outbox`)).toBe(0);
  });

  it('should do nothing the second time', async () => {
    expect(await migrateLayout(redis, prefix, createLogger('silent'))).toEqual({ moved: 0, channels: 0, pending: 0 });
  });
});

describe('moving the old layout when a new process already wrote in the new one', () => {
  let redis: Redis;
  const prefix = `mig-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'));
    await redis.set(`${prefix}:incident-counter`, '7');
    await redis.zadd(`${prefix}:incidents:all`, 1, 'INC-1', 7, 'INC-7');
    await redis.hset(`${prefix}:declare-keys`, 'cmd:7', 'INC-7');
    // Written in the new layout before the old data moved (a retry of INC-1's declare, say).
    await redis.set(`{${prefix}}:incident-counter`, '1');
    await redis.zadd(`{${prefix}}:incidents:all`, 5, 'INC-1');
    await redis.hset(`{${prefix}}:declare-keys`, 'cmd:1', 'INC-1');
  });
  afterAll(async () => {
    const keys = [...(await redis.keys(`${prefix}:*`)), ...(await redis.keys(`{${prefix}}:*`))];
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('should merge both, keep every incident and go on from the higher counter', async () => {
    await migrateLayout(redis, prefix, createLogger('silent'));
    const store = new IncidentStore(redis, prefix);
    expect(await store.allIncidentIds()).toEqual(['INC-1', 'INC-7']);
    expect(await redis.zscore(store.keys.allIncidents, 'INC-1')).toBe('1');
    expect(await store.reserveIncidentId('cmd:1')).toEqual({ id: 'INC-1', existed: true });
    expect(await store.reserveIncidentId('cmd:7')).toEqual({ id: 'INC-7', existed: true });
    expect(await store.reserveIncidentId('cmd:9')).toEqual({ id: 'INC-8', existed: false });
  });
});
