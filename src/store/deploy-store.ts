/**
 * @module store/deploy-store
 * Deploys in Redis, per service: every report a deploy system sent (a sorted set by the time it
 * reports, trimmed to the retention), each recorded once under its idempotency key. A service's keys
 * share a hash tag (`{svc:payments-api}`), so each script stays in one cluster slot; the set of
 * services ever seen is a key of its own.
 */
import type { Redis, Result } from 'ioredis';
import { type Deploy, type DeployReport, foldDeploys } from '../changes/deploys.js';
import { guarded } from './guarded.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    warroomRecordDeploy(...args: string[]): Result<[string, number?], Context>;
  }
}

/**
 * Records one deploy report once per idempotency key, and trims what is older than the retention.
 * Input:
 *   KEYS[1] reports (zset: report JSON → the time it reports, ms)   KEYS[2] keys (zset: idempotency key → recordedAt)
 *   ARGV[1] idempotency key   ARGV[2] the report's time (ms)   ARGV[3] report JSON, without recordedAt
 *   ARGV[4] retention (ms)
 * Output: { 'dup' } when the key was seen; { 'ok', recordedAt } once recorded.
 * Safe to run twice: the second run with the same key answers 'dup' and writes nothing.
 */
export const RECORD_DEPLOY = `
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return { 'dup' } end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local json = '{"recordedAt":' .. now .. ',' .. string.sub(ARGV[3], 2)
redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), json)
redis.call('ZADD', KEYS[2], now, ARGV[1])
local cutoff = now - tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. cutoff)
return { 'ok', now }
`;

const defined = new WeakSet<Redis>();

export type RecordDeployResult = { status: 'recorded'; report: DeployReport } | { status: 'duplicate' };

export class DeployStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retentionMs: number,
  ) {
    if (!defined.has(redis)) {
      redis.defineCommand('warroomRecordDeploy', { numberOfKeys: 2, lua: RECORD_DEPLOY });
      defined.add(redis);
    }
  }

  private reportsKey(service: string): string {
    return `${this.prefix}:{svc:${service}}:deploys`;
  }

  private keysKey(service: string): string {
    return `${this.prefix}:{svc:${service}}:deploy-keys`;
  }

  private get servicesKey(): string {
    return `${this.prefix}:deploy-services`;
  }

  /** Records a report once per `key` (what the sender sent: a delivery id, an Idempotency-Key, a body hash). */
  async record(report: DeployReport, key: string): Promise<RecordDeployResult> {
    const { recordedAt: _recordedAt, ...body } = report;
    const [status, recordedAt] = await guarded(() =>
      this.redis.warroomRecordDeploy(
        this.reportsKey(report.service),
        this.keysKey(report.service),
        key,
        String(report.at),
        JSON.stringify(body),
        String(this.retentionMs),
      ),
    );
    if (status === 'dup') return { status: 'duplicate' };
    await guarded(() => this.redis.sadd(this.servicesKey, report.service));
    return { status: 'recorded', report: { ...report, recordedAt: Number(recordedAt) } };
  }

  /** Every service a deploy was ever recorded for. */
  async services(): Promise<string[]> {
    return (await guarded(() => this.redis.smembers(this.servicesKey))).sort();
  }

  /** The reports of one service from `from` to `until` (ms, inclusive). */
  async reports(service: string, from: number, until: number): Promise<DeployReport[]> {
    const raw = await guarded(() => this.redis.zrangebyscore(this.reportsKey(service), String(from), String(until)));
    return raw.map((r) => JSON.parse(r) as DeployReport);
  }

  /** The deploys of the given services (all known ones when none is given) whose reports fall in the window. */
  async deploys(window: { from: number; until: number }, services?: readonly string[]): Promise<Deploy[]> {
    const names = services ?? (await this.services());
    const pipeline = this.redis.pipeline();
    for (const name of names) pipeline.zrangebyscore(this.reportsKey(name), String(window.from), String(window.until));
    const answers = (await guarded(() => pipeline.exec())) ?? [];
    const reports: DeployReport[] = [];
    for (const [error, raw] of answers) {
      if (error) throw error;
      for (const r of raw as string[]) reports.push(JSON.parse(r) as DeployReport);
    }
    return foldDeploys(reports);
  }

  /** One deploy by id, looking at the service's reports (up to `until`). */
  async deploy(service: string, deployId: string, until = Date.now() + 86_400_000): Promise<Deploy | undefined> {
    const all = await this.deploys({ from: 0, until }, [service]);
    return all.find((d) => d.deployId === deployId);
  }
}
