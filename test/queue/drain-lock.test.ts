/**
 * @module test/queue/drain-lock — one drain or refresh at a time per incident: the lock is exclusive, and a drain
 * willing to wait takes it as soon as its holder lets go (what a responder clicked is applied then, not a queue
 * round trip later), or gives up when its wait runs out, leaving the holder's lock as it was.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acquireDrainLock } from '../../src/queue/drain-lock.js';

describe('the drain lock of an incident', () => {
  let redis: Redis;
  const key = () => `drain-lock-test:${randomUUID()}`;

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    const keys = await redis.keys('drain-lock-test:*');
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('should be held by one at a time, and free once released', async () => {
    const lock = key();
    const first = await acquireDrainLock(redis, lock);
    expect(first).toBeDefined();
    expect(await acquireDrainLock(redis, lock)).toBeUndefined();
    expect(await first?.held()).toBe(true);
    await first?.release();
    const second = await acquireDrainLock(redis, lock);
    expect(second).toBeDefined();
    expect(await first?.held()).toBe(false);
    await second?.release();
  });

  it('should go to a waiting drain once its holder releases it, not before', async () => {
    const lock = key();
    const holder = await acquireDrainLock(redis, lock);
    const order: string[] = [];
    const waiting = acquireDrainLock(redis, lock, 5_000).then((got) => {
      order.push('taken');
      return got;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await holder?.held()).toBe(true);
    order.push('released');
    await holder?.release();
    const waiter = await waiting;
    expect(order).toEqual(['released', 'taken']);
    expect(await waiter?.held()).toBe(true);
    expect(await holder?.held()).toBe(false);
    await waiter?.release();
  });

  it('should give up when the holder keeps it past the wait, and leave the holder its lock', async () => {
    const lock = key();
    const holder = await acquireDrainLock(redis, lock);
    expect(await acquireDrainLock(redis, lock, 100)).toBeUndefined();
    expect(await holder?.held()).toBe(true);
    await holder?.release();
  });
});
