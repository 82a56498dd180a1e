/**
 * @module redis/target
 * Which Redis warroom uses, from the environment: one server (`REDIS_URL`), a Sentinel-watched primary
 * (`REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`), or a Cluster (`REDIS_CLUSTER_NODES`); the password for
 * the latter two in `REDIS_PASSWORD` (and `REDIS_USERNAME` for an ACL user, `REDIS_SENTINEL_PASSWORD`
 * when the sentinels want one). Shared by the app's config and the CLI, so both read the same
 * variables. Also how long an append waits for replicas (`REDIS_MIN_REPLICAS_ACK`).
 */
import { z } from 'zod';

export interface HostPort {
  host: string;
  port: number;
}

export type RedisTarget =
  | { kind: 'single'; url: string }
  | {
      kind: 'sentinel';
      sentinels: HostPort[];
      name: string;
      username: string | undefined;
      password: string | undefined;
      sentinelPassword: string | undefined;
    }
  | { kind: 'cluster'; nodes: HostPort[]; username: string | undefined; password: string | undefined };

export interface RedisDurability {
  /** Replicas that must confirm an append (WAIT) before it is acknowledged; 0: no waiting. */
  minReplicasAck: number;
  /** How long an append waits for them. */
  ackTimeoutMs: number;
}

export interface RedisProblem {
  variable: string;
  message: string;
}

const HOST_PORT = /^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** `host:port,host:port` → the list, or the first entry that is not `host:port`. */
export function parseHostPorts(text: string): { ok: true; list: HostPort[] } | { ok: false; bad: string } {
  const list: HostPort[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const match = HOST_PORT.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65_535) return { ok: false, bad: entry };
    list.push({ host: (match[1] as string).replace(/^\[|\]$/g, ''), port });
  }
  return list.length > 0 ? { ok: true, list } : { ok: false, bad: text };
}

const urlSchema = z.url({
  protocol: /^rediss?$/,
  error: 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379',
});

const empty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** The Redis target and durability the environment names, or every problem with it (naming the variable). */
export function redisTargetFrom(
  env: NodeJS.ProcessEnv,
): { ok: true; target: RedisTarget; durability: RedisDurability } | { ok: false; problems: RedisProblem[] } {
  const problems: RedisProblem[] = [];
  const sentinels = empty(env.REDIS_SENTINELS);
  const cluster = empty(env.REDIS_CLUSTER_NODES);
  const username = empty(env.REDIS_USERNAME);
  const password = empty(env.REDIS_PASSWORD);
  let target: RedisTarget | undefined;
  if (sentinels && cluster) {
    problems.push({
      variable: 'REDIS_CLUSTER_NODES',
      message: 'is set together with REDIS_SENTINELS; set one of them (Sentinel or Cluster), not both',
    });
  } else if (sentinels) {
    const parsed = parseHostPorts(sentinels);
    const name = empty(env.REDIS_SENTINEL_NAME);
    if (!parsed.ok) {
      problems.push({
        variable: 'REDIS_SENTINELS',
        message: `must be host:port of each sentinel, comma-separated (e.g. sentinel-1:26379,sentinel-2:26379); "${parsed.bad.slice(0, 60)}" is not`,
      });
    }
    if (!name) {
      problems.push({
        variable: 'REDIS_SENTINEL_NAME',
        message: 'is missing; with REDIS_SENTINELS set, name the primary the sentinels watch (e.g. mymaster)',
      });
    }
    if (parsed.ok && name) {
      target = {
        kind: 'sentinel',
        sentinels: parsed.list,
        name,
        username,
        password,
        sentinelPassword: empty(env.REDIS_SENTINEL_PASSWORD),
      };
    }
  } else if (cluster) {
    const parsed = parseHostPorts(cluster);
    if (parsed.ok) target = { kind: 'cluster', nodes: parsed.list, username, password };
    else {
      problems.push({
        variable: 'REDIS_CLUSTER_NODES',
        message: `must be host:port of one or more cluster nodes, comma-separated (e.g. redis-1:6379,redis-2:6379); "${parsed.bad.slice(0, 60)}" is not`,
      });
    }
  } else {
    const url = empty(env.REDIS_URL) ?? 'redis://127.0.0.1:6379';
    const parsed = urlSchema.safeParse(url);
    if (parsed.success) target = { kind: 'single', url };
    else problems.push({ variable: 'REDIS_URL', message: parsed.error.issues[0]?.message ?? 'is not a Redis URL' });
  }
  const replicas = empty(env.REDIS_MIN_REPLICAS_ACK) ?? '0';
  const minReplicasAck = /^\d{1,2}$/.test(replicas) ? Number(replicas) : Number.NaN;
  if (!Number.isInteger(minReplicasAck)) {
    problems.push({
      variable: 'REDIS_MIN_REPLICAS_ACK',
      message: 'must be a whole number of replicas (0, or 1 with Sentinel or Cluster)',
    });
  }
  const timeout = empty(env.REDIS_REPLICAS_ACK_TIMEOUT) ?? '1000';
  const ackTimeoutMs = /^\d{1,5}$/.test(timeout) ? Number(timeout) : Number.NaN;
  if (!Number.isInteger(ackTimeoutMs) || ackTimeoutMs < 10) {
    problems.push({
      variable: 'REDIS_REPLICAS_ACK_TIMEOUT',
      message: 'must be how long an append waits for replicas, in ms, from 10 (e.g. 1000)',
    });
  }
  if (problems.length > 0 || !target) return { ok: false, problems };
  return { ok: true, target, durability: { minReplicasAck, ackTimeoutMs } };
}

/** The target for a log line: no password. */
export function describeTarget(target: RedisTarget, scrub: (text: string) => string): string {
  switch (target.kind) {
    case 'single':
      return scrub(target.url);
    case 'sentinel':
      return `the primary "${target.name}" of sentinels ${target.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`;
    case 'cluster':
      return `the cluster at ${target.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  }
}
