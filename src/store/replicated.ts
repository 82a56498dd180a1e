/**
 * @module store/replicated
 * Writes that are acknowledged only once replicas hold them: the writes go in one pipeline followed
 * by `WAIT n timeout` (REDIS_MIN_REPLICAS_ACK), so on a Cluster the WAIT reaches the very node that took
 * the writes (a pipeline goes to the node of its keys). With n = 0 they are plain commands.
 *
 * WAIT blocks the connection it is sent on, and every append of a process shares one: while the
 * replicas are away (a failover, a replica resyncing), each WAIT would hold the next for its whole
 * timeout and the appends would queue into their command timeouts. So the replicated writes of one
 * connection go one at a time, and once a WAIT comes back short the connection is "short of replicas"
 * for {@link SHORT_OF_REPLICAS_MS}: its writes do not wait (Redis times a WAIT out only about every
 * 100 ms, so even a 1 ms WAIT costs that) and are told the truth, "not yet replicated"; the first one
 * after that waits the full timeout again, and a confirmed WAIT ends it.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { RedisDurability } from '../redis/target.js';

export const NO_REPLICAS: RedisDurability = { minReplicasAck: 0, ackTimeoutMs: 1000 };

/** How long a connection whose WAIT came back short stays short of replicas (see above). */
export const SHORT_OF_REPLICAS_MS = 1000;

interface ReplicaState {
  /** Until when the replicas are taken to be away (0: they answered the last WAIT). */
  shortUntil: number;
  /** Settles when the replicated write before the next one is done. */
  tail: Promise<void>;
}
const replicaStates = new WeakMap<object, ReplicaState>();

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
  // With no WAIT to follow them, the writes are sent as plain commands: on a connection that
  // auto-pipelines, concurrent requests' writes then share one round trip to Redis.
  if (durability.minReplicasAck === 0) return { results: await direct(redis, build), replicated: true };
  const pipeline = redis.pipeline();
  build(pipeline);
  const writes = pipeline.length;
  // One replicated write at a time per connection (Redis runs them one after the other there anyway),
  // each choosing its WAIT from what the one before it learnt.
  const state = replicaStates.get(redis) ?? { shortUntil: 0, tail: Promise.resolve() };
  replicaStates.set(redis, state);
  const before = state.tail;
  let done: () => void = () => undefined;
  state.tail = new Promise<void>((resolve) => {
    done = resolve;
  });
  await before;
  try {
    if (state.shortUntil > Date.now()) return { results: resultsOf(await pipeline.exec(), writes), replicated: false };
    pipeline.wait(durability.minReplicasAck, durability.ackTimeoutMs);
    const answers = (await pipeline.exec()) ?? [];
    const results = resultsOf(answers, writes);
    const [waitError, confirmed] = answers[writes] ?? [new Error('no answer to WAIT'), 0];
    const replicated = !waitError && Number(confirmed) >= durability.minReplicasAck;
    state.shortUntil = replicated ? 0 : Date.now() + SHORT_OF_REPLICAS_MS;
    return { results, replicated };
  } finally {
    done();
  }
}

/**
 * Issues `build`'s writes straight on `redis`, in order, and resolves with their replies; rejects with
 * the first failure. `build` is written against a pipeline (each call returns it, for chaining): the
 * stand-in it gets forwards each call to `redis` and keeps the reply's promise.
 */
async function direct(redis: Redis, build: (pipeline: ChainableCommander) => void): Promise<unknown[]> {
  const replies: Promise<unknown>[] = [];
  const commands = redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const standIn: ChainableCommander = new Proxy({} as ChainableCommander, {
    get: (_target, name: string) => {
      const command = commands[name];
      if (typeof command !== 'function') throw new TypeError(`Redis has no command ${name}`);
      return (...args: unknown[]) => {
        replies.push(command.apply(redis, args));
        return standIn;
      };
    },
  });
  build(standIn);
  return Promise.all(replies);
}

/** The writes' replies; a write that failed throws its error, as the direct call would. */
function resultsOf(answers: [Error | null, unknown][] | null, writes: number): unknown[] {
  const results: unknown[] = [];
  for (const [error, result] of (answers ?? []).slice(0, writes)) {
    if (error) throw error;
    results.push(result);
  }
  return results;
}
