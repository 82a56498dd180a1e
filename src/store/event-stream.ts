/**
 * @module store/event-stream
 * An incident's log read a chunk at a time, for readers that go through a whole log once (the exports): each
 * chunk is checked and handed over before the next is kept, so a long log is never held as raw text and events
 * at once, and the next chunk is already on its way from Redis while one is being used.
 */
import type { RecordedEvent } from '../incident/events.js';
import { recordedEventCheck } from './event-check.js';
import { guarded } from './guarded.js';
import type { IncidentStore } from './incident-store.js';
import { defineScripts } from './scripts.js';

/** Events a chunk holds: one LRANGE each. */
export const EVENT_CHUNK = 2000;

export { recordedEventCheck } from './event-check.js';

/**
 * The events of an incident's log from the first on, in log order, `size` at a time (the last chunk may be
 * shorter; none for an incident without a log). Each event is JSON-parsed and checked with recordedEventCheck.
 * @throws ZodError for an event in the log that is not a recorded event (the chunks before it were handed over).
 * @throws StoreUnavailableError when Redis cannot be reached.
 * @example
 * for await (const events of readEventChunks(store, 'INC-42')) fold(events);
 */
export async function* readEventChunks(
  store: Pick<IncidentStore, 'redis' | 'keys'>,
  incidentId: string,
  size = EVENT_CHUNK,
): AsyncGenerator<RecordedEvent[]> {
  const key = store.keys.log(incidentId);
  const fetch = (start: number) => guarded(() => store.redis.lrange(key, start, start + size - 1));
  let start = 0;
  let pending: Promise<string[]> | undefined = fetch(start);
  try {
    while (pending) {
      const raw: string[] = await pending;
      start += size;
      // Asked for before this chunk is parsed: Redis and the network work while this process does.
      pending = raw.length === size ? fetch(start) : undefined;
      if (raw.length === 0) return;
      // A full chunk: a long log, read through; compiled, its checks cost a fraction (once per process).
      if (raw.length === size) recordedEventCheck.compileNow();
      const events = new Array<RecordedEvent>(raw.length);
      for (let i = 0; i < raw.length; i += 1) events[i] = recordedEventCheck.parse(JSON.parse(raw[i] as string));
      yield events;
    }
  } finally {
    // A reader that stops early leaves the chunk asked for ahead unread: its failure is nobody's to report.
    pending?.catch(() => undefined);
  }
}

/** Entries a call of userIdsInLog scans in Redis: a few milliseconds of Redis's time each. */
const USER_ID_SCAN = 2000;

/**
 * The Slack user ids in an incident's log (actors and any value or key that is one), found by Redis a stretch of
 * the log at a time: only the ids come back, never the entries' text.
 * @throws StoreUnavailableError when Redis cannot be reached.
 */
export async function userIdsInLog(
  store: Pick<IncidentStore, 'redis' | 'keys'>,
  incidentId: string,
  size = USER_ID_SCAN,
): Promise<Set<string>> {
  defineScripts(store.redis);
  const key = store.keys.log(incidentId);
  const ids = new Set<string>();
  for (let start = 0; ; start += size) {
    const [entries, found] = await guarded(() =>
      store.redis.warroomLogUserIds(key, String(start), String(start + size - 1)),
    );
    for (const id of found) ids.add(id);
    if (entries < size) return ids;
  }
}
