import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOT_ID, BOT_USER_ID } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  type Drill,
  declareDrill,
  effectsSettled,
  fcParameters,
  hostileText,
  hostileWord,
  idOf,
  LogAuditor,
  longText,
  PEOPLE_IDS,
  runsOf,
  SlackAuditor,
  timeoutFor,
  transportFaults,
} from './support.js';

/**
 * Events API callbacks with junk in them: pins, 📌 reactions and edits of messages of any length, events
 * warroom never subscribed to, fields missing or of the wrong type. Redis answers throughout, so every
 * one gets a 200 (a 500 would make Slack deliver it again and again), and nothing malformed is recorded.
 */

type Json = unknown;

/** Placeholders, replaced when the case runs by what is live in the workspace. */
const INCIDENT_CHANNEL = '$incident-channel';
const OTHER_CHANNEL = '$other-incident-channel';
const FRESH_TS = '$fresh-ts';
const POSTED = '$posted-';

const channel = fc.oneof(
  { weight: 8, arbitrary: fc.constant(INCIDENT_CHANNEL) },
  { weight: 1, arbitrary: fc.constant(OTHER_CHANNEL) },
  { weight: 1, arbitrary: fc.constantFrom('C0GENERAL01', 'C0NOWHERE01', 'D0DIRECT01', '') },
  { weight: 1, arbitrary: hostileWord },
);

const user = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PEOPLE_IDS) },
  { weight: 1, arbitrary: fc.constantFrom(BOT_USER_ID, 'USLACKBOT', 'W0ENTERPRISE1', 'U0NOBODY99') },
  { weight: 1, arbitrary: fc.constantFrom('', 'x', 'u0dana0001', 'B0WARROOM') },
  { weight: 1, arbitrary: hostileWord },
);

/** A message ts: one of the messages posted in the drill, a new one, or junk. */
const ts = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 30 }).map((i) => `${POSTED}${i}`) },
  { weight: 2, arbitrary: fc.constant(FRESH_TS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'abc', '1.2.3', '-1.5', '1e5', '1700000000', '.5', '99999999999999999999.999999'),
  },
  { weight: 1, arbitrary: hostileWord },
);

const text = fc.oneof({ weight: 3, arbitrary: hostileText }, { weight: 1, arbitrary: longText });
const reaction = fc.oneof(
  { weight: 4, arbitrary: fc.constant('pushpin') },
  { weight: 2, arbitrary: fc.constantFrom('+1', 'pushpin::skin-tone-2', 'PUSHPIN', 'round_pushpin', 'eyes', '') },
  { weight: 1, arbitrary: hostileWord },
);

const message = fc.record({
  type: fc.constant('message'),
  user,
  text,
  ts,
  bot_id: fc.option(fc.constantFrom(BOT_ID, 'B0OTHERBOT'), { freq: 5 }),
});

const pinEvent = fc.record({
  type: fc.constantFrom('pin_added', 'pin_removed'),
  user,
  channel_id: channel,
  item: fc.record({
    type: fc.oneof(
      { weight: 5, arbitrary: fc.constant('message') },
      { weight: 1, arbitrary: fc.constantFrom('file', 'file_comment') },
    ),
    channel,
    created: fc.integer(),
    created_by: user,
    message,
  }),
  item_user: user,
  has_pins: fc.boolean(),
});

const reactionEvent = fc.record({
  type: fc.constantFrom('reaction_added', 'reaction_removed'),
  user,
  reaction,
  item_user: user,
  item: fc.record({
    type: fc.oneof(
      { weight: 5, arbitrary: fc.constant('message') },
      { weight: 1, arbitrary: fc.constantFrom('file', 'file_comment') },
    ),
    channel,
    ts,
  }),
});

const editEvent = fc.record({
  type: fc.constant('message'),
  subtype: fc.constant('message_changed'),
  hidden: fc.constant(true),
  channel,
  ts,
  message: fc.record({ type: fc.constant('message'), user, text, ts, edited: fc.record({ user, ts }) }),
  previous_message: message,
  channel_type: fc.constantFrom('channel', 'group', 'im'),
});

const deleteEvent = fc.record({
  type: fc.constant('message'),
  subtype: fc.constant('message_deleted'),
  hidden: fc.constant(true),
  channel,
  ts,
  deleted_ts: ts,
  previous_message: message,
  channel_type: fc.constantFrom('channel', 'group'),
});

const otherMessage = fc.record({
  type: fc.constant('message'),
  subtype: fc.option(
    fc.oneof(fc.constantFrom('bot_message', 'channel_join', 'thread_broadcast', 'me_message'), hostileWord),
    {
      freq: 2,
    },
  ),
  channel,
  user,
  text,
  ts,
  thread_ts: fc.option(ts, { freq: 3 }),
});

const unknownEvent = fc.record({
  type: fc.oneof(
    fc.constantFrom('app_mention', 'member_joined_channel', 'channel_rename', 'team_join', 'tokens_revoked'),
    hostileWord,
  ),
  user,
  channel,
  text,
  ts,
});

/**
 * A change to the event, at the top or one level down: a field missing, or junk in a string field (Slack
 * never changes a field's JSON type: an object stays an object).
 */
const damage = fc.array(
  fc.record({
    op: fc.constantFrom('drop', 'junk'),
    path: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
    junk: hostileWord,
  }),
  { maxLength: 2 },
);

const hostileEvent = fc.record({
  event: fc.oneof(
    { weight: 3, arbitrary: pinEvent },
    { weight: 3, arbitrary: reactionEvent },
    { weight: 2, arbitrary: editEvent },
    { weight: 2, arbitrary: deleteEvent },
    { weight: 1, arbitrary: otherMessage },
    { weight: 1, arbitrary: unknownEvent },
  ),
  damage: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: damage }),
  eventId: fc.oneof(
    { weight: 9, arbitrary: fc.constant('fresh') },
    { weight: 1, arbitrary: fc.constantFrom('', 'Ev0SAME') },
  ),
});

function damaged(
  event: Record<string, unknown>,
  changes: readonly { op: string; path: readonly number[]; junk: Json }[],
): Record<string, unknown> {
  const copy = structuredClone(event);
  for (const change of changes) {
    let node: Record<string, unknown> = copy;
    for (const [depth, index] of change.path.entries()) {
      const keys = Object.keys(node).filter((k) => depth > 0 || k !== 'type');
      const key = keys[index % Math.max(1, keys.length)];
      if (key === undefined) break;
      const last = depth === change.path.length - 1;
      const child = node[key];
      const isObject = !!child && typeof child === 'object' && !Array.isArray(child);
      if (last || !isObject) {
        if (change.op === 'drop') delete node[key];
        // Junk replaces strings only: Slack never sends a string where it sends an object (and Bolt
        // itself, before any listener runs, fails on such an `item`).
        else if (!isObject) node[key] = change.junk;
        break;
      }
      node = child as Record<string, unknown>;
    }
  }
  return copy;
}

function newEventId(): string {
  return `Ev${randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase()}`;
}

/** A pin_added as Slack sends it. */
function pinAdded(channelId: string, user: string, ts: string, author: string, text: string): Record<string, unknown> {
  return {
    type: 'pin_added',
    user,
    channel_id: channelId,
    item: {
      type: 'message',
      channel: channelId,
      created: Math.floor(Date.now() / 1000),
      created_by: user,
      message: { type: 'message', user: author, text, ts },
    },
    item_user: author,
  };
}

/** A 📌 reaction_added as Slack sends it. */
function reactionAdded(channelId: string, user: string, ts: string): Record<string, unknown> {
  return {
    type: 'reaction_added',
    user,
    reaction: 'pushpin',
    item_user: user,
    item: { type: 'message', channel: channelId, ts },
  };
}

describe('hostile Events API callbacks', () => {
  let h: Harness;
  let log: LogAuditor;
  let slack: SlackAuditor;
  let drill: Drill;
  let other: Drill;
  let drills = 0;
  let posted: string[] = [];

  /** Messages people posted in the drill's channel (without events): long, hostile, or plain. */
  async function postMessages(): Promise<void> {
    const texts = [
      'p99 latency graph: https://grafana.example/d/abc',
      'x'.repeat(4001),
      'y'.repeat(40_000),
      '🔥'.repeat(3000),
      '<!channel> rollback started &amp; <@U0LEE00003|lee> is on it',
      '\u0000\u202e evil \ud800',
      '',
      ...fc.sample(hostileText, { numRuns: 23, seed: 42 }),
    ];
    posted = texts.map(
      (t, i) => h.emulator.workspace.postAsUser(drill.channel, PEOPLE_IDS[i % PEOPLE_IDS.length] as string, t).ts,
    );
  }

  async function freshDrill(): Promise<void> {
    drills += 1;
    drill = await declareDrill(h, `Hostile events drill ${drills}`);
    await postMessages();
    await log.newProblems();
  }

  function resolve(value: unknown): unknown {
    if (typeof value === 'string') {
      if (value === INCIDENT_CHANNEL) return drill.channel;
      if (value === OTHER_CHANNEL) return other.channel;
      if (value === FRESH_TS) return h.emulator.workspace.nextTs();
      if (value.startsWith(POSTED)) return posted[Number(value.slice(POSTED.length)) % posted.length];
      return value;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? v : resolve(v)]));
    }
    return value;
  }

  beforeAll(async () => {
    h = await startHarness();
    log = new LogAuditor(h);
    slack = new SlackAuditor(h);
    other = await declareDrill(h, 'The other incident', 'raj');
    await freshDrill();
    expect(await log.newProblems()).toEqual([]);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** Delivers one event callback and checks the answer and everything recorded since the last case. */
  async function deliverCase(event: Record<string, unknown>, eventId = newEventId()): Promise<void> {
    const answer = await h.emulator
      .deliver(h.emulator.eventRequest(event, eventId), { timeoutMs: 5000 })
      .catch((error: Error) => error);
    const faults = answer instanceof Error ? [`no answer within 5 s (${answer.name})`] : transportFaults(answer);
    expect(faults, JSON.stringify(event).slice(0, 300)).toEqual([]);
    expect(await log.newProblems()).toEqual([]);
    expect(slack.broadcasts()).toEqual([]);
  }

  it(
    'should answer every event callback with 200 inside 3 s, and record nothing malformed',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileEvent, async (c) => {
          if (log.isPoisoned(drill.id)) await freshDrill();
          const event = damaged(resolve(c.event) as Record<string, unknown>, c.damage);
          await deliverCase(event, c.eventId === 'fresh' ? newEventId() : c.eventId);
        }),
        fcParameters(runsOf('events')),
      );
    },
    timeoutFor(runsOf('events')),
  );

  // Counterexamples the property found, kept as plain cases: they fail until src/ is fixed.
  describe('regressions', () => {
    beforeEach(async () => {
      await freshDrill();
    });

    it('should not put a pinned message longer than the log accepts (4,001 characters) on the timeline as is', async () => {
      const message = h.emulator.workspace.postAsUser(drill.channel, idOf('raj'), 'x'.repeat(4001));
      await deliverCase(pinAdded(drill.channel, 'U0DANA0001', message.ts, message.user, message.text));
    });

    it('should not put a 📌-ed message longer than the log accepts on the timeline as is', async () => {
      const message = h.emulator.workspace.postAsUser(drill.channel, idOf('raj'), 'x'.repeat(4001));
      await deliverCase(reactionAdded(drill.channel, 'U0DANA0001', message.ts));
    });

    it('should not record an edit that makes a pinned message longer than the log accepts', async () => {
      const message = h.emulator.workspace.postAsUser(drill.channel, idOf('raj'), 'p99 latency graph');
      await deliverCase(pinAdded(drill.channel, 'U0DANA0001', message.ts, message.user, message.text));
      await deliverCase({
        type: 'message',
        subtype: 'message_changed',
        hidden: true,
        channel: drill.channel,
        ts: h.emulator.workspace.nextTs(),
        message: { type: 'message', user: message.user, text: 'y'.repeat(4001), ts: message.ts },
        previous_message: { type: 'message', user: message.user, text: message.text, ts: message.ts },
        channel_type: 'channel',
      });
    });

    it('should answer a 📌 reaction inside 3 s even while Slack’s history API fails', async () => {
      const message = h.emulator.workspace.postAsUser(drill.channel, idOf('raj'), 'p99 latency graph');
      h.emulator.injectFault({ method: 'conversations.history', status: 500 });
      try {
        const answer = await h.emulator
          .deliver(h.emulator.eventRequest(reactionAdded(drill.channel, 'U0DANA0001', message.ts), newEventId()), {
            timeoutMs: 5000,
          })
          .catch((error: Error) => error);
        // A 500 is fair here (Slack will deliver it again); holding the request past 3 s is not.
        const faults =
          answer instanceof Error ? [`no answer within 5 s (${answer.name})`] : transportFaults(answer, [200, 500]);
        expect(faults).toEqual([]);
      } finally {
        h.emulator.clearFaults();
      }
    });

    it('should answer a pin_added that comes without its item with 200', async () => {
      await deliverCase({
        type: 'pin_added',
        user: 'U0DANA0001',
        channel_id: drill.channel,
        event_ts: h.emulator.workspace.nextTs(),
      });
    });

    it('should not record a pin by a "user" that is not a Slack user id', async () => {
      const message = h.emulator.workspace.postAsUser(drill.channel, idOf('raj'), 'p99 latency graph');
      await deliverCase(pinAdded(drill.channel, 'not-a-user', message.ts, message.user, message.text));
    });

    it('should not record a pin of a message whose ts is not a Slack timestamp', async () => {
      await deliverCase(pinAdded(drill.channel, 'U0DANA0001', 'sev1', idOf('raj'), 'p99 latency graph'));
    });
  });

  it('should, once the events have had their effects, have notified no one with @channel', async () => {
    await effectsSettled(h);
    expect(await log.newProblems({ everywhere: true })).toEqual([]);
    expect(slack.broadcasts({ all: true })).toEqual([]);
    expect(slack.newRefusals()).toEqual([]);
  }, 90_000);
});
