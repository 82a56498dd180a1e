import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { backoffDelay, classifySlackError } from '../../../src/queue/slack-errors.js';
import { type ScriptRunner, SlackBudget, SlackBudgetExhaustedError } from '../../../src/slack/pacing/budget.js';
import type { SlackPriority } from '../../../src/slack/pacing/priority.js';
import { bucketsFor } from '../../../src/slack/pacing/tiers.js';

let redis: Redis;
let other: Redis;
let prefix: string;

beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
  other = new Redis(inject('redisUrl'));
});

afterEach(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
});

afterAll(async () => {
  await redis.quit();
  await other.quit();
});

function budget(options: { timeScale?: number; connection?: Redis } = {}): SlackBudget {
  prefix ??= `test-${randomUUID().slice(0, 8)}`;
  return new SlackBudget(options.connection ?? redis, {
    keyPrefix: prefix,
    workspace: 'T1',
    timeScale: options.timeScale,
  });
}

function fresh(options: { timeScale?: number } = {}): SlackBudget {
  prefix = `test-${randomUUID().slice(0, 8)}`;
  return budget(options);
}

/** How many of `times` attempts at `priority` were let through at once. */
async function served(b: SlackBudget, method: string, priority: SlackPriority, times: number, args = {}) {
  let ok = 0;
  for (let i = 0; i < times; i++) if ((await b.tryTake(bucketsFor(method, args), priority)) === 0) ok += 1;
  return ok;
}

/** The Cluster hash tag of a key: what is between its first `{` and the next `}`, when not empty. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('the Slack budget in Redis', () => {
  it('should let 10 conversations.create go at once, then ask the 11th to wait about a Tier 2 refill (3 s)', async () => {
    const b = fresh();
    expect(await served(b, 'conversations.create', 'high', 10)).toBe(10);
    const wait = await b.tryTake(bucketsFor('conversations.create', {}), 'high');
    expect(wait).toBeGreaterThan(2900);
    expect(wait).toBeLessThanOrEqual(3000);
  });

  it('should keep the last tokens for what a responder looks at: low gets 6 of 10, then normal 2, then the board 2', async () => {
    const b = fresh();
    expect(await served(b, 'conversations.setTopic', 'low', 10)).toBe(6);
    expect(await served(b, 'conversations.setTopic', 'normal', 10)).toBe(2);
    expect(await served(b, 'conversations.setTopic', 'high', 10)).toBe(2);
  });

  it('should refuse a low call while the bucket is at its reserve, and serve the board from it', async () => {
    const b = fresh();
    await served(b, 'chat.update', 'low', 15);
    expect(await b.tryTake(bucketsFor('chat.update', {}), 'low')).toBeGreaterThan(0);
    expect(await b.tryTake(bucketsFor('chat.update', {}), 'high')).toBe(0);
  });

  it('should hand callers kept waiting retry times one refill apart, so they do not all come back at once', async () => {
    const b = fresh();
    await served(b, 'pins.add', 'normal', 8);
    const [first, second, third] = [
      await b.tryTake(bucketsFor('pins.add', {}), 'normal'),
      await b.tryTake(bucketsFor('pins.add', {}), 'normal'),
      await b.tryTake(bucketsFor('pins.add', {}), 'normal'),
    ];
    expect(second - first).toBeGreaterThan(2900);
    expect(third - second).toBeGreaterThan(2900);
    // Another priority has its own queue: the board is not put behind waiting normal calls.
    const board = await b.tryTake(bucketsFor('pins.add', {}), 'high');
    expect(board).toBe(0);
  });

  it('should share the budget between processes (connections) on the same prefix', async () => {
    const a = fresh();
    const b = budget({ connection: other });
    expect(await served(a, 'conversations.create', 'high', 10)).toBe(10);
    expect(await served(b, 'conversations.create', 'high', 1)).toBe(0);
  });

  it('should allow two messages at once in a channel, then fewer than one a second, leaving other channels alone', async () => {
    const b = fresh();
    expect(await served(b, 'chat.postMessage', 'high', 3, { channel: 'C1' })).toBe(2);
    expect(await served(b, 'chat.postMessage', 'high', 1, { channel: 'C2' })).toBe(1);
  });

  it("should take nothing from the workspace's posts when the channel refuses one", async () => {
    const b = fresh();
    await served(b, 'chat.postMessage', 'high', 12, { channel: 'C1' });
    const [workspace] = bucketsFor('chat.postMessage', { channel: 'C1' });
    const tokens = Number(await redis.hget(b.keyOf(workspace as { name: string }), 'tokens'));
    // 150 at first, 2 taken; the refill over the test's few milliseconds is a fraction of one.
    expect(tokens).toBeGreaterThanOrEqual(148);
    expect(tokens).toBeLessThan(149);
  });

  it('should put every key of one call under one hash tag (one Cluster slot), starting with the prefix', () => {
    const b = fresh();
    const keys = [...bucketsFor('chat.postMessage', { channel: 'C1' }), ...bucketsFor('conversations.create', {})].map(
      (bucket) => b.keyOf(bucket),
    );
    expect(new Set(keys.map(hashTag))).toEqual(new Set([`${prefix}:slack-budget`]));
    for (const key of keys) expect(key.startsWith(`${prefix}:`)).toBe(true);
  });

  it('should let its buckets expire once they would be full again', async () => {
    const b = fresh();
    await served(b, 'conversations.create', 'high', 3);
    const ttl = await redis.pttl(b.keyOf({ name: 'conversations.create' }));
    // A Tier 2 bucket of 10 refills in 30 s; a second on top.
    expect(ttl).toBeGreaterThan(29_000);
    expect(ttl).toBeLessThanOrEqual(31_000);
  });
});

describe('taking a token for a call', () => {
  it('should wait for the refill when the budget is short, then go', async () => {
    // Slack's minute in a second: a Tier 2 token every 50 ms.
    const b = fresh({ timeScale: 60 });
    await served(b, 'conversations.create', 'high', 10);
    const taken = await b.take('conversations.create', bucketsFor('conversations.create', {}), 'high');
    expect(taken.tier).toBe('Tier2');
    expect(taken.waitedMs).toBeGreaterThan(20);
  });

  it('should not wait longer than it may: a refusal BullMQ retries after the wait, known to have done nothing', async () => {
    const b = fresh();
    await served(b, 'conversations.setTopic', 'high', 10);
    const error = await b
      .take('conversations.setTopic', bucketsFor('conversations.setTopic', {}), 'low')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackBudgetExhaustedError);
    const failure = classifySlackError(error);
    expect(failure).toMatchObject({ retry: true, error: 'ratelimited', definite: true });
    // Five tokens short of what a low call must leave: 15 s at 20 a minute.
    expect(failure.retryAfter).toBeGreaterThan(14.9);
    expect(failure.retryAfter).toBeLessThanOrEqual(15);
    const delay = backoffDelay(1, error, () => 0);
    expect(delay).toBeGreaterThan(14_900);
    expect(delay).toBeLessThanOrEqual(15_000);
  });

  it('should load its script when Redis does not have it (after a restart or a failover)', async () => {
    const calls: string[] = [];
    const runner: ScriptRunner = {
      evalsha: async () => {
        calls.push('evalsha');
        throw new Error('NOSCRIPT No matching script. Please use EVAL.');
      },
      eval: async (script, numKeys, ...args) => {
        calls.push('eval');
        return redis.eval(script, numKeys, ...args);
      },
    };
    prefix = `test-${randomUUID().slice(0, 8)}`;
    const b = new SlackBudget(runner, { keyPrefix: prefix, workspace: 'T1' });
    await expect(b.take('users.info', bucketsFor('users.info', {}), 'normal')).resolves.toMatchObject({
      tier: 'Tier4',
    });
    expect(calls).toEqual(['evalsha', 'eval']);
  });
});
