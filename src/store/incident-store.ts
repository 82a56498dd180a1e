/**
 * @module store/incident-store
 * The incident log in Redis: reserve an incident id, append events exactly once (Lua), read and fold
 * the log (with a per-process cache of folded states), and the indexes (by channel id, open incidents).
 */
import type { Redis } from 'ioredis';
import { isQuiet, type NewEvent, type RecordedEvent } from '../incident/events.js';
import { type IncidentState, replay } from '../incident/state.js';
import type { RedisDurability } from '../redis/target.js';
import { recordedEventCheck } from './event-check.js';
import { guarded } from './guarded.js';
import { type Keys, keysFor } from './keys.js';
import { NO_REPLICAS, writeReplicated } from './replicated.js';
import { defineScripts } from './scripts.js';

/** An event whose effects are to be dispatched, after the effectful event before it (`after`, 0 if none). */
export interface Dispatch {
  incidentId: string;
  seq: number;
  after: number;
}

export type AppendResult =
  | {
      status: 'appended';
      events: RecordedEvent[];
      dispatches: Dispatch[];
      /** Whether REDIS_MIN_REPLICAS_ACK replicas confirmed the append in time (true when none are asked for). */
      replicated: boolean;
    }
  | {
      status: 'duplicate';
      firstSeq: number;
      /** Whether the first attempt's append is known to be on REDIS_MIN_REPLICAS_ACK replicas now. */
      replicated: boolean;
    }
  | { status: 'conflict'; length: number };

export interface Cached {
  state: IncidentState | undefined;
  length: number;
}

const CACHE_LIMIT = 2000;
/** How long a reserved incident id whose declare was never recorded stays active. */
const RESERVED_KEPT_MS = 3_600_000;
const READ_CHUNK = 1000;

/** Whether an event changes a workspace-wide index (open incidents, channel → incident). */
function touchesIndex(event: Pick<NewEvent, 'type'>): boolean {
  return (
    event.type === 'IncidentDeclared' ||
    event.type === 'IncidentReopened' ||
    event.type === 'IncidentResolved' ||
    event.type === 'ChannelCreated'
  );
}

export class IncidentStore {
  readonly keys: Keys;
  private readonly cache = new Map<string, Cached>();
  private readonly channels = new Map<string, string>();
  private readonly loading = new Map<string, Promise<Cached>>();

  constructor(
    readonly redis: Redis,
    readonly prefix: string,
    readonly durability: RedisDurability = NO_REPLICAS,
  ) {
    this.keys = keysFor(prefix);
    defineScripts(redis);
  }

  /**
   * The incident id for a declare request: new, or the one a retry of the same request got. The id is
   * active from here (the sweeper looks at its outbox), replicated like an append.
   */
  async reserveIncidentId(idempotencyKey: string): Promise<{ id: string; existed: boolean }> {
    const { results } = await guarded(() =>
      writeReplicated(this.redis, this.durability, (p) =>
        p.warroomReserveIncidentId(
          this.keys.declareKeys,
          this.keys.incidentCounter,
          this.keys.activeIncidents,
          idempotencyKey,
          String(Date.now()),
        ),
      ),
    );
    const [id, existed] = results[0] as [string, string];
    return { id, existed: existed === '1' };
  }

  /** The incident a declare request's idempotency key reserved, if it did (nothing is reserved). */
  async incidentOfDeclareKey(idempotencyKey: string): Promise<string | undefined> {
    return (await guarded(() => this.redis.hget(this.keys.declareKeys, idempotencyKey))) ?? undefined;
  }

  /**
   * Brings the workspace-wide indexes up to date with events recorded on an incident: open incidents,
   * every incident, channel → incident. Idempotent: run after every append, again when a retry finds
   * the append already done, and by the drain, so an index write lost to a crash is made again. The
   * channel index is replicated like an append (a lost one would hide the channel's incident).
   */
  async indexEvents(incidentId: string, events: readonly Pick<NewEvent, 'type' | 'at' | 'data'>[]): Promise<void> {
    const relevant = events.filter(touchesIndex);
    if (relevant.length === 0) return;
    const channel = relevant.some((e) => e.type === 'ChannelCreated');
    await guarded(() =>
      writeReplicated(this.redis, channel ? this.durability : NO_REPLICAS, (p) => {
        for (const event of relevant) {
          if (event.type === 'IncidentDeclared') {
            p.zadd(this.keys.openIncidents, event.at, incidentId);
            p.zadd(this.keys.allIncidents, event.at, incidentId);
          }
          if (event.type === 'IncidentReopened') p.zadd(this.keys.openIncidents, event.at, incidentId);
          if (event.type === 'IncidentResolved') p.zrem(this.keys.openIncidents, incidentId);
          if (event.type === 'ChannelCreated') {
            p.hset(this.keys.channels, (event.data as { channelId: string }).channelId, incidentId);
          }
        }
      }),
    );
  }

  /**
   * Appends `events` under one idempotency key. With `expectedLength`, only if the log still has that
   * many events. Returns the recorded events (with seq and Redis's time) or why nothing was written.
   */
  async append(
    incidentId: string,
    events: readonly NewEvent[],
    options: { key: string; expectedLength?: number },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const bodies = events.map((e) => JSON.stringify(e));
    // A reopened incident is active again before its reopen is recorded: the sweeper must find it.
    if (events.some((e) => e.type === 'IncidentReopened')) {
      await guarded(() => this.redis.zadd(this.keys.activeIncidents, Date.now(), incidentId));
    }
    const { results, replicated } = await guarded(() =>
      writeReplicated(this.redis, this.durability, (p) =>
        p.warroomAppendEvents(
          this.keys.log(incidentId),
          this.keys.eventKeys(incidentId),
          this.keys.outbox(incidentId),
          this.keys.effectChain(incidentId),
          incidentId,
          String(options.expectedLength ?? -1),
          options.key,
          events.map((e) => (isQuiet(e) ? '1' : '0')).join(''),
          ...bodies,
        ),
      ),
    );
    const [status, n, recordedAt, ...afters] = results[0] as [string, number, number?, ...number[]];
    if (status === 'dup') {
      // The first attempt may have died before the indexes: make them again from what it recorded.
      if (events.some(touchesIndex))
        await this.indexEvents(incidentId, await this.eventsOfKey(incidentId, n, options.key));
      return { status: 'duplicate', firstSeq: n, replicated: await this.vouchForEarlierWrites(incidentId) };
    }
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
    await this.indexEvents(incidentId, recorded);
    return { status: 'appended', events: recorded, dispatches, replicated };
  }

  /**
   * Whether every write Redis took before now is on the replicas REDIS_MIN_REPLICAS_ACK asks for. A retry
   * that finds its append already done cannot tell whether the first attempt's WAIT ever succeeded (it
   * may have timed out, or been on another connection): a write of its own, then WAIT, vouches for all
   * the writes before it, the first attempt's included.
   */
  private async vouchForEarlierWrites(incidentId: string): Promise<boolean> {
    if (this.durability.minReplicasAck === 0) return true;
    const probe = await guarded(() =>
      writeReplicated(this.redis, this.durability, (p) =>
        p.set(this.keys.replicationProbe(incidentId), String(Date.now()), 'PX', 60_000),
      ),
    );
    return probe.replicated;
  }

  /** The events one idempotency key recorded, from its first seq on. */
  private async eventsOfKey(incidentId: string, firstSeq: number, key: string): Promise<RecordedEvent[]> {
    const events = await this.readEvents(incidentId, firstSeq, firstSeq + 20);
    return events.filter((e) => e.key === key || e.key.startsWith(`${key}#`));
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
      // A full chunk: a long log; compiled, its checks cost a fraction (once per process).
      if (chunk.length === READ_CHUNK) recordedEventCheck.compileNow();
      for (const raw of chunk) out.push(recordedEventCheck.parse(JSON.parse(raw)));
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
    const id = (await guarded(() => this.redis.hget(this.keys.channels, channelId))) ?? undefined;
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

  /**
   * Events whose effects are not dispatched yet, recorded before `olderThan` (ms), over the active
   * incidents. An incident resolved with nothing pending is no longer active.
   */
  async pendingEffects(olderThan: number, limit = 500): Promise<Dispatch[]> {
    const active = await this.redis.zrange(this.keys.activeIncidents, '0', '-1');
    const found: Dispatch[] = [];
    for (const incidentId of active) {
      if (found.length >= limit) break;
      const members = await this.redis.zrangebyscore(
        this.keys.outbox(incidentId),
        '-inf',
        String(olderThan),
        'LIMIT',
        '0',
        String(limit - found.length),
      );
      for (const member of members) {
        const [seq = '0', after = '0'] = member.split(':');
        found.push({ incidentId, seq: Number(seq), after: Number(after) });
      }
      if (members.length === 0) await this.retireIfDone(incidentId);
    }
    return found;
  }

  /**
   * Puts every open incident back on the active list if it is missing from it, and returns how many were.
   * An open incident is always active; only a lost write (a Redis failover without
   * REDIS_MIN_REPLICAS_ACK, an operator's mistake) takes one off, and then its effects would wait for
   * ever. The workers call it once a minute.
   */
  async reactivateOpen(): Promise<number> {
    const open = await guarded(() => this.redis.zrange(this.keys.openIncidents, '0', '-1', 'WITHSCORES'));
    if (open.length === 0) return 0;
    const members: string[] = [];
    for (let i = 0; i < open.length; i += 2) members.push(open[i + 1] as string, open[i] as string);
    return Number(await guarded(() => this.redis.zadd(this.keys.activeIncidents, 'NX', ...members)));
  }

  /**
   * Takes a resolved incident with an empty outbox off the active list. Looks at the outbox again after
   * taking it off, and puts it back if an event arrived meanwhile (a reopen puts it back itself).
   */
  private async retireIfDone(incidentId: string): Promise<void> {
    const { state } = await this.load(incidentId);
    if (state && state.status !== 'resolved') return;
    if (!state) {
      // A reserved id whose declare is not recorded (yet): kept an hour, in case the declare is retried.
      const since = Number((await this.redis.zscore(this.keys.activeIncidents, incidentId)) ?? 0);
      if (Date.now() - since < RESERVED_KEPT_MS) return;
    }
    await this.redis.zrem(this.keys.activeIncidents, incidentId);
    if ((await this.redis.zcard(this.keys.outbox(incidentId))) > 0) {
      await this.redis.zadd(this.keys.activeIncidents, Date.now(), incidentId);
    }
  }

  /** Marks an event's effects as applied; false while the effectful event before it is still pending. */
  async advanceCursor(dispatch: Dispatch): Promise<boolean> {
    const moved = await this.redis.warroomAdvanceCursor(
      this.keys.appliedCursor(dispatch.incidentId),
      this.keys.outbox(dispatch.incidentId),
      String(dispatch.seq),
      String(dispatch.after),
      `${dispatch.seq}:${dispatch.after}`,
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
