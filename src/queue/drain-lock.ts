/**
 * @module queue/drain-lock
 * One drain per incident at a time, whatever BullMQ believes: after a Redis restart or a long pause, a
 * job whose lock lapsed can be handed to a second worker while the first is still running it. This
 * Redis lock (SET NX PX with a token, renewed while held) keeps the two from posting side by side. The
 * refresh job takes it too, so one process at a time writes an incident's messages.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { defineScripts } from '../store/scripts.js';

const LOCK_MS = 15_000;
const RENEW_MS = 5_000;

export interface DrainLock {
  /** Whether the lock is still ours (checked in Redis, and extended). */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

/** How often a caller willing to wait asks for the lock again. */
export const LOCK_POLL_MS = 20;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Takes the lock, or returns undefined when another drain holds it. With `waitMs`, asks again every LOCK_POLL_MS
 * while it is held, for at most that long: a holder is usually done in tens of milliseconds (one refresh's edits),
 * far sooner than a job put back in the queue would run again.
 */
export async function acquireDrainLock(redis: Redis, key: string, waitMs = 0): Promise<DrainLock | undefined> {
  defineScripts(redis);
  const token = randomUUID();
  const until = Date.now() + waitMs;
  while ((await redis.set(key, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
    if (Date.now() + LOCK_POLL_MS > until) return undefined;
    await pause(LOCK_POLL_MS);
  }
  const extend = async () => (await redis.warroomLockExtend(key, token, String(LOCK_MS))) === 1;
  const timer = setInterval(() => {
    extend().catch(() => undefined);
  }, RENEW_MS);
  return {
    held: extend,
    release: async () => {
      clearInterval(timer);
      await redis.warroomLockRelease(key, token).catch(() => undefined);
    },
  };
}
