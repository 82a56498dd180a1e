/**
 * @module queue/drain-lock
 * One drain per incident at a time, whatever BullMQ believes: after a Redis restart or a long pause, a
 * job whose lock lapsed can be handed to a second worker while the first is still running it. This
 * Redis lock (SET NX PX with a token, renewed while held) keeps the two from posting side by side.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const LOCK_MS = 15_000;
const RENEW_MS = 5_000;

/** Input: KEYS[1] lock; ARGV[1] token; ARGV[2] ttl ms. Output: 1 if still ours (and extended), else 0. */
const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** Input: KEYS[1] lock; ARGV[1] token. Output: 1 if released. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface DrainLock {
  /** Whether the lock is still ours (checked in Redis, and extended). */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

/** Takes the lock, or returns undefined when another drain holds it. */
export async function acquireDrainLock(redis: Redis, key: string): Promise<DrainLock | undefined> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', LOCK_MS, 'NX')) !== 'OK') return undefined;
  const extend = async () => (await redis.eval(EXTEND, 1, key, token, String(LOCK_MS))) === 1;
  const timer = setInterval(() => {
    extend().catch(() => undefined);
  }, RENEW_MS);
  return {
    held: extend,
    release: async () => {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    },
  };
}
