/**
 * @module store/metric-store
 * The key metric's working state in Redis: the last snapshot of each incident's metric (a JSON string
 * beside the incident's keys) and the set of incidents whose metric is polled, which the sweeper keeps
 * polling across restarts.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { MetricSnapshot } from '../metric/snapshot.js';

const snapshotSchema = z.object({
  service: z.string(),
  label: z.string(),
  unit: z.string().optional(),
  healthy: z.string(),
  at: z.number(),
  value: z.number().optional(),
  isHealthy: z.boolean().optional(),
  sparkline: z.string(),
  graph: z.string().optional(),
  unavailableSince: z.number().optional(),
  unavailableReason: z.string().optional(),
});

/** A snapshot no poll has refreshed for this long is not shown as current. */
export const SNAPSHOT_TTL_S = 15 * 60;

export class MetricStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private snapshotKey(incidentId: string): string {
    return `${this.prefix}:inc:{${incidentId}}:metric`;
  }

  private get polledKey(): string {
    return `${this.prefix}:metric:polled`;
  }

  async snapshot(incidentId: string): Promise<MetricSnapshot | undefined> {
    const raw = await this.redis.get(this.snapshotKey(incidentId));
    if (!raw) return undefined;
    try {
      const parsed = snapshotSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) return undefined;
      const s = parsed.data;
      return {
        ...s,
        unit: s.unit,
        value: s.value,
        isHealthy: s.isHealthy,
        graph: s.graph,
        unavailableSince: s.unavailableSince,
        unavailableReason: s.unavailableReason,
      };
    } catch {
      return undefined;
    }
  }

  async saveSnapshot(incidentId: string, snapshot: MetricSnapshot): Promise<void> {
    await this.redis.set(this.snapshotKey(incidentId), JSON.stringify(snapshot), 'EX', SNAPSHOT_TTL_S);
  }

  async clearSnapshot(incidentId: string): Promise<void> {
    await this.redis.del(this.snapshotKey(incidentId));
  }

  /** Marks the incident's metric as polled (the sweeper keeps its poller going). */
  async markPolled(incidentId: string): Promise<void> {
    await this.redis.sadd(this.polledKey, incidentId);
  }

  async unmarkPolled(incidentId: string): Promise<void> {
    await this.redis.srem(this.polledKey, incidentId);
  }

  async polled(): Promise<string[]> {
    return this.redis.smembers(this.polledKey);
  }
}
