/**
 * @module bench/request-census
 * Counts on warroom's request path: appends by outcome, log loads, events read, Redis commands, delayed jobs.
 */
import { Job } from 'bullmq';
import type { Running } from '../src/runtime.js';
import type { AppendResult } from '../src/store/incident-store.js';

export interface Census {
  /** Outcomes of IncidentStore.append for NoteAdded on the web side (a conflict is a lost race, retried). */
  appends: Record<AppendResult['status'], number>;
  /** Calls to IncidentStore.load on the web side. */
  loads: number;
  /** Events read back from Redis and parsed (zod) by IncidentStore.readEvents on the web side. */
  eventsRead: number;
  /** Commands sent on the web side's Redis connection, by name. */
  redisCommands: Record<string, number>;
  /** Jobs (in this process: the effects worker) put back to wait for their predecessor: `Job.moveToDelayed`. */
  jobsDelayed: number;
}

/**
 * Wraps the web-side store and Redis connection of `app` (instance properties only; the worker side,
 * which has its own store and connection, is not counted) and BullMQ's `Job.moveToDelayed` (a
 * prototype, so every job in this process). `stop()` puts the originals back.
 */
export function takeCensus(app: Running): { census: Census; stop(): void } {
  const { store, redis } = app.services;
  const census: Census = {
    appends: { appended: 0, duplicate: 0, conflict: 0 },
    loads: 0,
    eventsRead: 0,
    redisCommands: {},
    jobsDelayed: 0,
  };
  const append = store.append;
  const load = store.load;
  const readEvents = store.readEvents;
  const sendCommand = redis.sendCommand;
  const moveToDelayed = Job.prototype.moveToDelayed;
  store.append = async (...args: Parameters<typeof append>) => {
    const result = await append.apply(store, args);
    if (args[1][0]?.type === 'NoteAdded') census.appends[result.status] += 1;
    return result;
  };
  store.load = (...args: Parameters<typeof load>) => {
    census.loads += 1;
    return load.apply(store, args);
  };
  store.readEvents = async (...args: Parameters<typeof readEvents>) => {
    const events = await readEvents.apply(store, args);
    census.eventsRead += events.length;
    return events;
  };
  redis.sendCommand = (...args: Parameters<typeof sendCommand>) => {
    const name = args[0].name;
    census.redisCommands[name] = (census.redisCommands[name] ?? 0) + 1;
    return sendCommand.apply(redis, args);
  };
  Job.prototype.moveToDelayed = function (this: Job, ...args: Parameters<typeof moveToDelayed>) {
    census.jobsDelayed += 1;
    return moveToDelayed.apply(this, args);
  };
  return {
    census,
    stop: () => {
      store.append = append;
      store.load = load;
      store.readEvents = readEvents;
      redis.sendCommand = sendCommand;
      Job.prototype.moveToDelayed = moveToDelayed;
    },
  };
}
