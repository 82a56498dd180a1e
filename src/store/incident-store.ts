/**
 * @module store/incident-store
 * The incident log in Redis: reserve an incident id, append events exactly once (Lua), read and fold
 * the log (with a per-process cache of folded states), and the indexes (by channel id, open incidents).
 */
import type { Redis } from 'ioredis';
import { type NewEvent, QUIET_EVENTS, type RecordedEvent, recordedEventSchema } from '../incident/events.js';
import { type IncidentState, replay } from '../incident/state.js';
import { guarded } from './guarded.js';
import { type Keys, keysFor } from './keys.js';
import { defineScripts } from './scripts.js';

/** An event whose effects are to be dispatched, after the effectful event before it (`after`, 0 if none). */
export interface Dispatch {
  incidentId: string;
  seq: number;
  after: number;
}

export type AppendResult =
  | { status: 'appended'; events: RecordedEvent[]; dispatches: Dispatch[] }
  | { status: 'duplicate'; firstSeq: number }
  | { status: 'conflict'; length: number };

interface Cached {
  state: IncidentState | undefined;
  length: number;
}

const CACHE_LIMIT = 2000;
const READ_CHUNK = 1000;

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
  private readonly channels = new Map<string, string>();
  private readonly loading = new Map<string, Promise<Cached>>();

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
        this.keys.effectChain(incidentId),
        incidentId,
        String(options.expectedLength ?? -1),
        options.key,
        indexOps(events),
        String(declaredAt),
        events.map((e) => (QUIET_EVENTS.has(e.type) ? '1' : '0')).join(''),
        ...bodies,
      ),
    )) as [string, number, number?, ...number[]];
    const [status, n, recordedAt, ...afters] = reply;
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
    const dispatches = recorded.flatMap((event, i) => {
      const after = afters[i] ?? -1;
      return after < 0 ? [] : [{ incidentId, seq: event.seq, after }];
    });
    this.applyLocally(incidentId, recorded);
    return { status: 'appended', events: recorded, dispatches };
  }

  /** Folds freshly appended events into this process's cached state, sparing a read. */
  private applyLocally(incidentId: string, events: readonly RecordedEvent[]): void {
    const cached = this.cache.get(incidentId) ?? { state: undefined, length: 0 };
    if (cached.length !== (events[0]?.seq ?? 0) - 1) return;
    try {
      this.remember(incidentId, { state: replay(events, cached.state), length: cached.length + events.length });
    } catch {
      // What is recorded is recorded; the next load folds it from Redis and reports the problem.
      this.cache.delete(incidentId);
    }
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
    // Callers that ask at the same moment share one read: under a burst, each new event is read and
    // parsed once per process rather than once per request.
    const inFlight = this.loading.get(incidentId);
    if (inFlight) return inFlight;
    const loading = this.readFresh(incidentId).finally(() => this.loading.delete(incidentId));
    this.loading.set(incidentId, loading);
    return loading;
  }

  private async readFresh(incidentId: string): Promise<Cached> {
    const cached = this.cache.get(incidentId) ?? { state: undefined, length: 0 };
    const fresh = await this.readEvents(incidentId, cached.length + 1);
    if (fresh.length === 0) return this.cache.get(incidentId) ?? cached;
    const next = { state: replay(fresh, cached.state), length: cached.length + fresh.length };
    // Another path (an append of this process) may have moved the cache further meanwhile.
    if ((this.cache.get(incidentId)?.length ?? 0) < next.length) this.remember(incidentId, next);
    return next;
  }

  /** The state as it was right after event `seq`. */
  async stateAt(incidentId: string, seq: number): Promise<IncidentState | undefined> {
    return replay(await this.readEvents(incidentId, 1, seq));
  }

  /** The incident whose channel this is. A channel belongs to one incident for ever, so it is cached. */
  async incidentForChannel(channelId: string): Promise<string | undefined> {
    const known = this.channels.get(channelId);
    if (known) return known;
    const id = (await guarded(() => this.redis.get(this.keys.channel(channelId)))) ?? undefined;
    if (id) {
      this.channels.set(channelId, id);
      if (this.channels.size > CACHE_LIMIT) this.channels.delete(this.channels.keys().next().value as string);
    }
    return id;
  }

  /** Open incidents, newest first. */
  async openIncidentIds(limit = 50): Promise<string[]> {
    return guarded(() => this.redis.zrevrange(this.keys.openIncidents, '0', String(limit - 1)));
  }

  async allIncidentIds(): Promise<string[]> {
    return guarded(() => this.redis.zrange(this.keys.allIncidents, '0', '-1'));
  }

  /** Outbox members (events whose effects are not dispatched yet) recorded before `olderThan` (ms). */
  async pendingEffects(olderThan: number, limit = 500): Promise<Dispatch[]> {
    const members = await this.redis.zrangebyscore(
      this.keys.outbox,
      '-inf',
      String(olderThan),
      'LIMIT',
      '0',
      String(limit),
    );
    return members.map((member) => {
      const [incidentId = '', seq = '0', after = '0'] = member.split(':');
      return { incidentId, seq: Number(seq), after: Number(after) };
    });
  }

  /** Marks an event's effects as applied; false while the effectful event before it is still pending. */
  async advanceCursor(dispatch: Dispatch): Promise<boolean> {
    const moved = await this.redis.warroomAdvanceCursor(
      this.keys.appliedCursor(dispatch.incidentId),
      this.keys.outbox,
      String(dispatch.seq),
      String(dispatch.after),
      `${dispatch.incidentId}:${dispatch.seq}:${dispatch.after}`,
    );
    return moved === 1;
  }

  /** The next event with effects after `seq`, if one was recorded. */
  async nextEffectful(incidentId: string, seq: number): Promise<number | undefined> {
    const next = await this.redis.hget(this.keys.effectChain(incidentId), String(seq));
    return next ? Number(next) : undefined;
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
