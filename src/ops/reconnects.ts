/**
 * @module ops/reconnects
 * The hook a Redis connection calls each time it is ready, so that `/metrics` counts Redis reconnects:
 * every `ready` after a connection's first is one. Counting readies rather than recoveries from
 * errors matters: a connection that drops (a killed primary, a failover) and gets through on its first
 * retry never sees an `error`, and is still a reconnect. Kept free of prom-client so that
 * redis/connection.ts (the CLI's too) stays light; with no listener registered the call only counts.
 */

type Listener = () => void;

const readies = new WeakMap<object, number>();
const listeners = new WeakMap<object, Listener>();

/** Has `listener` called each time `redis` is ready again (one listener per connection). */
export function onRedisReconnect(redis: object, listener: Listener): void {
  listeners.set(redis, listener);
}

/**
 * Says that `redis` is ready (connected, or connected again); called by redis/connection.ts.
 * @example
 * redis.on('ready', () => redisReady(redis));
 */
export function redisReady(redis: object): void {
  const before = readies.get(redis) ?? 0;
  readies.set(redis, before + 1);
  if (before > 0) listeners.get(redis)?.();
}
