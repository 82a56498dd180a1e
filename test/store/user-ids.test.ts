/**
 * @module test/store/user-ids — the people an export must name, found by Redis in the log's text
 * (store/event-stream.ts userIdsInLog): every user id that is a whole JSON string, wherever it is in an entry, in
 * every stretch of the log, once each; nothing that only contains an id.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { userIdsInLog } from '../../src/store/event-stream.js';
import { IncidentStore } from '../../src/store/incident-store.js';

describe('the user ids in a log', () => {
  let redis: Redis;
  let store: IncidentStore;
  const prefix = `userids-${randomUUID().slice(0, 8)}`;
  const entries = [
    { seq: 1, actor: 'U0DANA0001', type: 'IncidentDeclared', data: { title: 'Checkout down' } },
    { seq: 2, actor: 'warroom', type: 'RoleAssigned', data: { role: 'commander', user: 'U0RAJ00002' } },
    { seq: 3, actor: 'U0RAJ00002', type: 'PagedOnCall', data: { people: [{ user: 'W0ENTERPRISE7', level: 1 }] } },
    { seq: 4, actor: 'U0DANA0001', type: 'Reviewed', data: { votes: { U0LEE00003: 'yes' } } },
    // Ids inside text are not people the export names by id: a mention, a quoted id, a longer word.
    { seq: 5, actor: 'U0DANA0001', type: 'NoteAdded', data: { text: 'ask <@U0SAM00004> about "U0KIM0006"' } },
    { seq: 6, actor: 'U0DANA0001', type: 'NoteAdded', data: { text: 'U0PRIYA05 says hi', tag: 'xU0ALEX0005' } },
    { seq: 7, actor: 'warroom', type: 'NoteAdded', data: { text: 'all quiet', level: 'u0lower001' } },
  ];

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'));
    store = new IncidentStore(redis, prefix);
    await redis.rpush(store.keys.log('INC-5'), ...entries.map((e) => JSON.stringify(e)));
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('should find every id that is a whole string (actor, value, nested, key), once, in every stretch of the log', async () => {
    const everyone = ['U0DANA0001', 'U0RAJ00002', 'W0ENTERPRISE7', 'U0LEE00003'];
    expect([...(await userIdsInLog(store, 'INC-5'))].sort()).toEqual([...everyone].sort());
    // Two entries a stretch: the ids of the last stretch, shorter than the others, are found too.
    expect([...(await userIdsInLog(store, 'INC-5', 2))].sort()).toEqual([...everyone].sort());
    expect([...(await userIdsInLog(store, 'INC-5', 7))].sort()).toEqual([...everyone].sort());
  });

  it('should find nobody in an incident without a log', async () => {
    expect(await userIdsInLog(store, 'INC-404')).toEqual(new Set());
  });
});
