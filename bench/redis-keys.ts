/** @module bench/redis-keys Removes every key a benchmark wrote under its own prefix (SCAN + UNLINK, never KEYS). */
import type { Redis } from 'ioredis';

/** Deletes `${prefix}:*`; returns how many keys went. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
