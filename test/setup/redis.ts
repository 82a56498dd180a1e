/**
 * Vitest global setup: makes sure a Redis answers for the integration tests. Uses REDIS_URL (default
 * redis://127.0.0.1:6379); when nothing answers there and `redis-server` is installed, starts a
 * throwaway one on a free port; otherwise fails saying how to get Redis.
 */
import type { TestProject } from 'vitest/node';
import { type AvailableRedis, ensureRedis } from '../../src/redis/throwaway.js';

let redis: AvailableRedis | undefined;

export async function setup(project: TestProject): Promise<void> {
  redis = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  project.provide('redisUrl', redis.url);
}

export async function teardown(): Promise<void> {
  redis?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
