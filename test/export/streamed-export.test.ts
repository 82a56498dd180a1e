/**
 * @module test/export/streamed-export — an export read from Redis a chunk of the log at a time and written a chunk
 * at a time (store/event-stream.ts, export/run.ts, `warroom export`) is the export of the whole log, and every event
 * is still checked on the way.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { z } from 'zod';
import { type Drainable, exportCommand } from '../../src/cli/export.js';
import { EXPORT_FORMATS, renderExport } from '../../src/export/index.js';
import { readTimeline, streamExport } from '../../src/export/run.js';
import { buildTimeline } from '../../src/export/timeline.js';
import { type RecordedEvent, recordedEventSchema } from '../../src/incident/events.js';
import { readEventChunks, recordedEventCheck } from '../../src/store/event-stream.js';
import { IncidentStore } from '../../src/store/incident-store.js';
import {
  CHANGED_INCIDENT,
  COMMS_INCIDENT,
  DANA,
  HOSTILE_DEPLOY_INCIDENT,
  logBuilder,
  NOW,
  PEOPLE,
  SEEDED_INCIDENT,
  TIME_ZONE,
  templates,
} from './fixtures.js';

/** The seeded incident and 2000 notes after it: an export of many chunks. */
function longIncident(incidentId: string): RecordedEvent[] {
  const log = logBuilder(incidentId);
  for (const e of SEEDED_INCIDENT) log.add(e.type, e.data as never, e.at, e.actor, e.recordedAt);
  const last = SEEDED_INCIDENT.at(-1)?.at ?? NOW;
  for (let i = 0; i < 2000; i += 1)
    log.add('NoteAdded', { text: `Watching checkout <${i}> | ok` }, last + i * 1000, DANA);
  return log.events;
}

describe('exports streamed from the log in Redis', () => {
  let redis: Redis;
  let store: IncidentStore;
  const prefix = `stream-${randomUUID().slice(0, 8)}`;
  const LONG = 'INC-7';
  const long = longIncident(LONG);
  const seeded = SEEDED_INCIDENT;
  const options = { timeZone: TIME_ZONE, now: NOW, people: PEOPLE };

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'));
    store = new IncidentStore(redis, prefix);
    await redis.rpush(store.keys.log('INC-42'), ...seeded.map((e) => JSON.stringify(e)));
    await redis.rpush(store.keys.log(LONG), ...long.map((e) => JSON.stringify(e)));
    await redis.hset(store.keys.people, PEOPLE);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    const keys = [...(await redis.keys(`${prefix}:*`)), ...(await redis.keys(`{${prefix}}:*`))];
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('should read the log in chunks of the size asked for, in order, the same events readEvents gives', async () => {
    const chunks: RecordedEvent[][] = [];
    for await (const chunk of readEventChunks(store, 'INC-42', 4)) chunks.push(chunk);
    expect(chunks.map((c) => c.length)).toEqual([
      ...Array<number>(Math.floor(seeded.length / 4)).fill(4),
      ...(seeded.length % 4 ? [seeded.length % 4] : []),
    ]);
    expect(chunks.flat()).toEqual(await store.readEvents('INC-42'));
    const none: RecordedEvent[][] = [];
    for await (const chunk of readEventChunks(store, 'INC-404')) none.push(chunk);
    expect(none).toEqual([]);
  });

  it('should check every event as recordedEventSchema does, and give the same event', () => {
    for (const event of [...SEEDED_INCIDENT, ...CHANGED_INCIDENT, ...HOSTILE_DEPLOY_INCIDENT, ...COMMS_INCIDENT]) {
      const raw = JSON.parse(JSON.stringify({ ...event, unknown: 'dropped' }));
      const checked = recordedEventCheck.parse(raw);
      expect(checked).toEqual(recordedEventSchema.parse(raw));
      expect(Object.keys(checked)).toEqual(Object.keys(recordedEventSchema.parse(raw)));
    }
    const declared = SEEDED_INCIDENT[0] as RecordedEvent;
    for (const broken of [
      { ...declared, seq: 0 },
      { ...declared, actor: 'dana' },
      { ...declared, at: 12 },
      { ...declared, type: 'IncidentExploded' },
      { ...declared, data: { ...declared.data, colour: 'red' } },
    ]) {
      expect(() => recordedEventSchema.parse(broken)).toThrow(z.ZodError);
      expect(() => recordedEventCheck.parse(broken)).toThrow(z.ZodError);
    }
  });

  it('should refuse a log with a malformed event with a ZodError, after handing over the chunks before it', async () => {
    const key = store.keys.log('INC-9');
    await redis.rpush(key, ...seeded.slice(0, 5).map((e) => JSON.stringify({ ...e, incidentId: 'INC-9' })));
    await redis.rpush(key, JSON.stringify({ ...seeded[5], seq: -1 }));
    const read: number[] = [];
    const reading = (async () => {
      for await (const chunk of readEventChunks(store, 'INC-9', 2)) read.push(chunk.length);
    })();
    await expect(reading).rejects.toThrow(z.ZodError);
    expect(read).toEqual([2, 2]);
    await expect(readTimeline(store, templates, 'INC-9', options)).rejects.toThrow(z.ZodError);
    await expect(store.readEvents('INC-9')).rejects.toThrow(z.ZodError);
  });

  it('should build the timeline of the whole log, and none for an incident without one', async () => {
    expect(await readTimeline(store, templates, LONG, options)).toEqual(buildTimeline(long, templates, options));
    expect(await readTimeline(store, templates, 'INC-404', options)).toBeUndefined();
    expect(await streamExport(store, templates, 'INC-404', 'md', options)).toBeUndefined();
  });

  it.each(EXPORT_FORMATS)('should stream the %s export of the whole log, in many chunks', async (format) => {
    const stream = await streamExport(store, templates, LONG, format, options);
    const chunks = [...(stream?.chunks ?? [])];
    expect(stream?.filename).toBe(`inc-7-postmortem.${format}`);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(renderExport(buildTimeline(long, templates, options), format, templates.dir));
  });

  it.each(EXPORT_FORMATS)(
    'should have `warroom export` write the %s export as it goes, the same text',
    async (format) => {
      vi.useFakeTimers({ toFake: ['Date'], now: NOW });
      const written: string[] = [];
      const env = { REDIS_URL: inject('redisUrl'), WARROOM_KEY_PREFIX: prefix };
      await exportCommand([LONG], { format, tz: TIME_ZONE }, env, (text) => written.push(text));
      expect(written.length).toBeGreaterThan(1);
      expect(written.join('')).toBe(renderExport(buildTimeline(long, templates, options), format, templates.dir));
    },
  );

  it('should write the next chunk only once the stream it writes to has drained, and stop when it fails', async () => {
    const env = { REDIS_URL: inject('redisUrl'), WARROOM_KEY_PREFIX: prefix };
    let full = false;
    const stdout = Object.defineProperty(new EventEmitter(), 'writableNeedDrain', { get: () => full }) as Drainable;
    const written: string[] = [];
    await exportCommand(
      [LONG],
      { format: 'csv', tz: TIME_ZONE },
      env,
      (text) => {
        expect(full).toBe(false);
        written.push(text);
        full = true;
        setTimeout(() => {
          full = false;
          stdout.emit('drain');
        }, 1);
      },
      stdout,
    );
    expect(written.length).toBeGreaterThan(1);

    const broken = new Error('write EPIPE');
    let chunks = 0;
    const failing = exportCommand(
      [LONG],
      { format: 'csv', tz: TIME_ZONE },
      env,
      () => {
        chunks += 1;
        full = true;
        setTimeout(() => stdout.emit('error', broken), 1);
      },
      stdout,
    );
    await expect(failing).rejects.toBe(broken);
    expect(chunks).toBe(1);
  });
});
