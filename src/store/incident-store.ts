/**
 * @module store/incident-store
 * The incident log in Redis: reserve an incident id, append events exactly once (Lua), read and fold
 * the log (with a per-process cache of folded states), and the indexes (by channel id, open incidents).
 */
import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.js';
import { type NewEvent, type RecordedEvent, recordedEventSchema } from '../incident/events.js';
import { evolve, type IncidentState } from '../incident/state.js';
import { type Keys, keysFor } from './keys.js';
import { defineScripts } from './scripts.js';

export type AppendResult =
  | { status: 'appended'; events: RecordedEvent[] }
  | { status: 'duplicate'; firstSeq: number }
  | { status: 'conflict'; length: number };

interface Cached {
  state: IncidentState | undefined;
  length: number;
}

const CACHE_LIMIT = 2000;
const READ_CHUNK = 1000;

/** Runs a Redis call; a connection problem becomes a typed StoreUnavailableError. */
async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (
      /Connection|connect|Stream isn't writeable|ETIMEDOUT|ECONNREFUSED|Command timed out|enableOfflineQueue/i.test(
        message,
      )
    ) {
      throw new StoreUnavailableError(error);
    }
    throw error;
  }
}

function indexOps(events: readonly NewEvent[]): string {
  const ops: string[] = [];
  for (const event of events) {
    if (event.type === 'IncidentDeclared' || event.type === 'IncidentReopened') ops.push('open');
    if (event.type === 'IncidentResolved') ops.push('close');
    if (event.type === 'ChannelCreated') ops.push('channel');
  }
  return ops.join(',');
}

export class IncidentStore {
  readonly keys: Keys;
  private readonly cache = new Map<string, Cached>();

  constructor(
    readonly redis: Redis,
    readonly prefix: string,
  ) {
    this.keys = keysFor(prefix);
    defineScripts(redis);
  }

  /** The incident id for a declare request: new, or the one a retry of the same request got. */
  async reserveIncidentId(idempotencyKey: string): Promise<{ id: string; existed: boolean }> {
    const [id, existed] = (await guarded(() =>
      this.redis.warroomReserveIncidentId(this.keys.declareKeys, this.keys.incidentCounter, idempotencyKey),
    )) as [string, string];
    return { id, existed: existed === '1' };
  }

  /**
   * Appends `events` under one idempotency key. With `expectedLength`, only if the log still has that
   * many events. Returns the recorded events (with seq and Redis's time) or why nothing was written.
   */
  async append(
    incidentId: string,
    events: readonly NewEvent[],
    options: { key: string; expectedLength?: number; declaredAt?: number },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const channelEvent = events.find((e) => e.type === 'ChannelCreated');
    const channelKey =
      channelEvent?.type === 'ChannelCreated' ? this.keys.channel(channelEvent.data.channelId) : this.keys.channel('-');
    const bodies = events.map((e) => JSON.stringify(e));
    const declaredAt = options.declaredAt ?? events[0]?.at ?? 0;
    const reply = (await guarded(() =>
      this.redis.warroomAppendEvents(
        this.keys.log(incidentId),
        this.keys.eventKeys(incidentId),
        this.keys.outbox,
        this.keys.openIncidents,
        this.keys.allIncidents,
        channelKey,
        incidentId,
        String(options.expectedLength ?? -1),
        options.key,
        indexOps(events),
        String(declaredAt),
        ...bodies,
      ),
    )) as [string, number, number?];
    const [status, n, recordedAt] = reply;
    if (status === 'dup') return { status: 'duplicate', firstSeq: n };
    if (status === 'conflict') return { status: 'conflict', length: n };
    const recorded = events.map(
      (event, i) =>
        ({
          ...event,
          incidentId,
          seq: n + i,
          key: events.length > 1 ? `${options.key}#${i + 1}` : options.key,
          recordedAt: recordedAt as number,
        }) as RecordedEvent,
    );
    return { status: 'appended', events: recorded };
  }

  /** Events with seq in [fromSeq, toSeq] (1-based, inclusive; toSeq -1 for the end). */
  async readEvents(incidentId: string, fromSeq = 1, toSeq = -1): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    const last = toSeq < 0 ? Number.POSITIVE_INFINITY : toSeq;
    for (let start = fromSeq - 1; start < last; start += READ_CHUNK) {
      const stop = Math.min(start + READ_CHUNK - 1, last - 1);
      const chunk = await guarded(() =>
        this.redis.lrange(this.keys.log(incidentId), start, Number.isFinite(stop) ? stop : -1),
      );
      for (const raw of chunk) out.push(recordedEventSchema.parse(JSON.parse(raw)) as RecordedEvent);
      if (chunk.length < READ_CHUNK) break;
    }
    return out;
  }

  /** The incident's current state and log length, folding only what this process has not seen yet. */
  async load(incidentId: string): Promise<Cached> {
    const cached = this.cache.get(incidentId) ?? { state: undefined, length: 0 };
    const fresh = await this.readEvents(incidentId, cached.length + 1);
    if (fresh.length === 0) return cached;
    let state = cached.state;
    for (const event of fresh) state = evolve(state, event);
    const next = { state, length: cached.length + fresh.length };
    this.remember(incidentId, next);
    return next;
  }

  /** The state as it was right after event `seq`. */
  async stateAt(incidentId: string, seq: number): Promise<IncidentState | undefined> {
    let state: IncidentState | undefined;
    for (const event of await this.readEvents(incidentId, 1, seq)) state = evolve(state, event);
    return state;
  }

  async incidentForChannel(channelId: string): Promise<string | undefined> {
    return (await guarded(() => this.redis.get(this.keys.channel(channelId)))) ?? undefined;
  }

  /** Open incidents, newest first. */
  async openIncidentIds(limit = 50): Promise<string[]> {
    return guarded(() => this.redis.zrevrange(this.keys.openIncidents, '0', String(limit - 1)));
  }

  async allIncidentIds(): Promise<string[]> {
    return guarded(() => this.redis.zrange(this.keys.allIncidents, '0', '-1'));
  }

  /** Outbox members (`id:seq`) recorded before `olderThan` (ms). */
  async pendingEffects(olderThan: number, limit = 500): Promise<{ incidentId: string; seq: number }[]> {
    const members = await this.redis.zrangebyscore(
      this.keys.outbox,
      '-inf',
      String(olderThan),
      'LIMIT',
      '0',
      String(limit),
    );
    return members.map((member) => {
      const at = member.lastIndexOf(':');
      return { incidentId: member.slice(0, at), seq: Number(member.slice(at + 1)) };
    });
  }

  /** Marks event `seq`'s effects as applied; false when an earlier event is still pending. */
  async advanceCursor(incidentId: string, seq: number): Promise<boolean> {
    const moved = await this.redis.warroomAdvanceCursor(
      this.keys.appliedCursor(incidentId),
      this.keys.outbox,
      String(seq),
      `${incidentId}:${seq}`,
    );
    return moved === 1;
  }

  async appliedCursor(incidentId: string): Promise<number> {
    return Number((await this.redis.get(this.keys.appliedCursor(incidentId))) ?? 0);
  }

  private remember(incidentId: string, value: Cached): void {
    this.cache.delete(incidentId);
    this.cache.set(incidentId, value);
    if (this.cache.size > CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
