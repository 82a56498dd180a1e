/**
 * @module store/replicated
 * Writes that are acknowledged only once replicas hold them: the writes go in one pipeline followed
 * by `WAIT n timeout` (REDIS_MIN_REPLICAS_ACK), so on a Cluster the WAIT reaches the very node that took
 * the writes (a pipeline goes to the node of its keys). With n = 0 it is a plain pipeline.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { RedisDurability } from '../redis/target.js';

export const NO_REPLICAS: RedisDurability = { minReplicasAck: 0, ackTimeoutMs: 1000 };

export interface Replicated {
  /** Each write's reply, in order. */
  results: unknown[];
  /** Whether the replicas asked for confirmed the writes in time (true when none were asked for). */
  replicated: boolean;
}

/** Runs `build`'s writes; a write that failed throws its error, as the direct call would. */
export async function writeReplicated(
  redis: Redis,
  durability: RedisDurability,
  build: (pipeline: ChainableCommander) => void,
): Promise<Replicated> {
  const pipeline = redis.pipeline();
  build(pipeline);
  const writes = pipeline.length;
  if (durability.minReplicasAck > 0) pipeline.wait(durability.minReplicasAck, durability.ackTimeoutMs);
  const answers = (await pipeline.exec()) ?? [];
  const results: unknown[] = [];
  for (const [error, result] of answers.slice(0, writes)) {
    if (error) throw error;
    results.push(result);
  }
  if (durability.minReplicasAck === 0) return { results, replicated: true };
  const [waitError, confirmed] = answers[writes] ?? [new Error('no answer to WAIT'), 0];
  return { results, replicated: !waitError && Number(confirmed) >= durability.minReplicasAck };
}
