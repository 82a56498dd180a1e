import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { EFFECTS_QUEUE } from '../../src/queue/names.js';
import { startWarroom } from '../../src/runtime.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { NOT_RECORDED } from '../../src/slack/record.js';
import { keysFor } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, setUpRecorded, textOf, waitForValue } from '../support/incident.js';

async function declared(h: Harness, title: string): Promise<{ id: string; channel: EmulatedChannel }> {
  const answer = await h.emulator.user('dana').command(`declare sev2 ${title}`);
  const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
  const channel = await channelOf(h, id);
  await setUpRecorded(h, id);
  await h.emulator.waitFor(() => boardOf(channel)?.pinned);
  return { id, channel };
}

describe('exactly once, in order, whatever happens', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('should record 100 concurrent statuses, notes and updates exactly once each, and end on the last state', async () => {
    h = await startHarness();
    const harness = h;
    const { id, channel } = await declared(harness, 'Concurrency drill');
    const people = ['dana', 'raj', 'lee', 'sam', 'alex'].map((name) => harness.emulator.user(name));
    for (const person of people) channel.members.add(person.id);
    const statuses = ['identified', 'mitigating', 'monitoring', 'investigating'];
    const commands = Array.from({ length: 100 }, (_, i) => {
      if (i % 3 === 0) return `status ${statuses[(i / 3) % statuses.length]}`;
      if (i % 3 === 1) return `note note number ${i}`;
      return `update update number ${i}`;
    });
    const answers = await Promise.all(
      commands.map((text, i) => (people[i % people.length] ?? people[0])?.command(text, { channel: channel.id })),
    );
    expect(answers.every((a) => a?.status === 200)).toBe(true);

    const log = await logOf(harness, id);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const fromCommands = log.filter((e) => String(e.key).startsWith('cmd:'));
    expect(new Set(fromCommands.map((e) => e.key)).size).toBe(fromCommands.length);
    expect(log.filter((e) => e.type === 'NoteAdded')).toHaveLength(33);
    expect(log.filter((e) => e.type === 'UpdatePosted')).toHaveLength(33);
    // A status equal to the current one is a no-op, so count distinct transitions instead.
    const changes = log.filter((e) => e.type === 'StatusChanged') as { data: { from: string; to: string } }[];
    for (let i = 1; i < changes.length; i += 1) expect(changes[i]?.data.from).toBe(changes[i - 1]?.data.to);

    const lastStatus = changes.at(-1)?.data.to as string;
    const lastUpdate = String((log.filter((e) => e.type === 'UpdatePosted').at(-1)?.data as { text?: string })?.text);
    const label = lastStatus.charAt(0).toUpperCase() + lastStatus.slice(1);
    await harness.emulator.waitFor(() => {
      const text = textOf(boardOf(channel));
      return text.includes(`· ${label} ·`) && text.includes(lastUpdate);
    }, 10_000);
    const posted = () => channel.messages.filter((m) => m.text.startsWith('📣 *Update*'));
    await harness.emulator.waitFor(() => posted().length >= 33, 15_000);
    await harness.emulator.idle();
    expect(posted()).toHaveLength(33);
    // In log order: the channel shows the updates in the order they were recorded.
    const recordedOrder = log.filter((e) => e.type === 'UpdatePosted').map((e) => (e.data as { text: string }).text);
    expect(posted().map((m) => m.text.replace(/^.*?: /, ''))).toEqual(recordedOrder);
  });

  it('should catch up the board and announcement when the work queued after recording was lost', async () => {
    h = await startHarness({ role: 'web' });
    const harness = h;
    const answer = await harness.emulator.user('dana').command('declare sev1 Worker died drill');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    // The process that would run the effects is gone, and so is the work it had queued.
    const queue = new Queue(EFFECTS_QUEUE, { connection: harness.redis, prefix: `${harness.prefix}:bull` });
    await queue.obliterate({ force: true });
    await queue.close();
    expect(harness.emulator.calls.filter((c) => c.method === 'conversations.create')).toHaveLength(0);

    const config = loadConfig(harness.env, 'worker');
    const worker = await startWarroom({ ...config, port: 0 }, 'worker', createLogger('silent'));
    try {
      const channel = await channelOf(harness, id);
      await harness.emulator.waitFor(() => boardOf(channel)?.pinned, 15_000);
      const feed = harness.emulator.workspace.channels.get('C0INCIDENTS');
      await harness.emulator.waitFor(() => feed?.messages.find((m) => m.text.includes(id)), 15_000);
      expect(harness.emulator.calls.filter((c) => c.method === 'conversations.create' && c.ok)).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });

  it('should not post twice when a worker died after Slack took the post but before it was noted', async () => {
    h = await startHarness();
    const harness = h;
    const { id, channel } = await declared(harness, 'Crash window drill');
    await harness.emulator.user('dana').command('update rollback started', { channel: channel.id });
    const posts = () => channel.messages.filter((m) => m.text.includes('rollback started') && !m.threadTs);
    await harness.emulator.waitFor(() => posts().length === 1);
    await harness.emulator.waitFor(() =>
      harness.emulator.workspace.channels.get('C0INCIDENTS')?.messages.some((m) => m.text.includes('rollback started')),
    );
    const seq = (await logOf(harness, id)).find((e) => e.type === 'UpdatePosted')?.seq as number;
    await waitForValue(async () => Number(await harness.redis.get(keysFor(harness.prefix).appliedCursor(id))) >= seq);
    // Rewind to the moment after chat.postMessage returned and before its result was stored.
    const keys = keysFor(harness.prefix);
    await harness.redis.hdel(keys.effectResults(id), `post.${seq}`, `thread.${seq}`);
    const chain = await harness.redis.hgetall(keys.effectChain(id));
    const after = Number(Object.entries(chain).find(([, next]) => Number(next) === seq)?.[0] ?? 0);
    await harness.redis.set(keys.appliedCursor(id), String(after));
    const queue = new Queue(EFFECTS_QUEUE, { connection: harness.redis, prefix: `${harness.prefix}:bull` });
    try {
      await queue.add('drain', { incidentId: id });
    } finally {
      await queue.close();
    }
    await waitForValue(async () => Number(await harness.redis.get(keys.appliedCursor(id))) >= seq);
    await harness.emulator.idle();
    expect(posts()).toHaveLength(1);
    const thread = harness.emulator.workspace.channels
      .get('C0INCIDENTS')
      ?.messages.filter((m) => m.text.includes('rollback started'));
    expect(thread).toHaveLength(1);
    expect(
      harness.emulator.calls.filter((c) => c.method === 'conversations.history' || c.method === 'conversations.replies')
        .length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('should show a status change on the board before posting it, and edit the board about once a second in a burst, ending on the last status', async () => {
    h = await startHarness();
    const harness = h;
    const { channel } = await declared(harness, 'Burst of changes drill');
    const board = boardOf(channel);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const from = harness.emulator.calls.length;
    const statuses = ['identified', 'mitigating', 'monitoring', 'investigating', 'identified', 'mitigating'];
    for (const status of statuses) {
      const answer = await harness.emulator.user('dana').command(`status ${status}`, { channel: channel.id });
      expect(answer.status).toBe(200);
    }
    await harness.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV2 · Mitigating'), 10_000);
    // The board can be current before the drain has posted the lines: wait for the first one too.
    const statusPosted = (c: (typeof harness.emulator.calls)[number]) =>
      c.method === 'chat.postMessage' && c.args.channel === channel.id && String(c.args.text).includes('Identified');
    await harness.emulator.waitFor(() => harness.emulator.calls.slice(from).some(statusPosted), 10_000);
    await harness.emulator.idle();
    const calls = harness.emulator.calls.slice(from);
    const boardEdits = calls.filter((c) => c.method === 'chat.update' && c.args.ts === board?.ts);
    const firstPost = calls.findIndex(statusPosted);
    // The first change reaches the board before its "Status →" line reaches the channel.
    expect(firstPost).toBeGreaterThan(calls.indexOf(boardEdits[0] as (typeof calls)[number]));
    // Six changes in a burst: fewer edits than changes, each at least a second after the one before.
    expect(boardEdits.length).toBeLessThan(statuses.length);
    for (let i = 1; i < boardEdits.length; i += 1) {
      expect((boardEdits[i]?.at ?? 0) - (boardEdits[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    expect(JSON.stringify(boardEdits.at(-1)?.args.blocks)).toContain('Mitigating');
  });

  it('should keep the board current while the channel topic waits out a long 429', async () => {
    h = await startHarness();
    const harness = h;
    const { channel } = await declared(harness, 'Rate limited topic drill');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    harness.emulator.injectFault({ method: 'conversations.setTopic', status: 429, retryAfter: 30, times: 1 });
    const dana = harness.emulator.user('dana');
    await dana.command('status mitigating', { channel: channel.id });
    await harness.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV2 · Mitigating'), 5000);
    await dana.command('update Rollback of 4812 is out; error rate falling', { channel: channel.id });
    // The update lands on the board within its one-a-second spacing, not after the topic's 30 s.
    await harness.emulator.waitFor(() => textOf(boardOf(channel)).includes('Rollback of 4812 is out'), 5000);
    const topicCalls = harness.emulator.calls.filter((c) => c.method === 'conversations.setTopic' && c.status === 429);
    expect(topicCalls).toHaveLength(1);
  });

  it('should wait out a 429 on chat.update and then edit the board once', async () => {
    h = await startHarness();
    const harness = h;
    const { channel } = await declared(harness, 'Rate limited drill');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const limitedAt = Date.now();
    // Only board edits (in the incident channel) are limited; the announcement's edits are not.
    harness.emulator.injectFault({ method: 'chat.update', channel: channel.id, status: 429, retryAfter: 1, times: 1 });
    await harness.emulator.user('dana').command('status mitigating', { channel: channel.id });
    await harness.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV2 · Mitigating'), 10_000);
    const updates = harness.emulator.calls.filter(
      (c) => c.method === 'chat.update' && c.args.channel === channel.id && c.at >= limitedAt,
    );
    expect(updates.map((c) => c.status)).toEqual([429, 200]);
    expect((updates[1]?.at ?? 0) - (updates[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('should post an update once in the end when Slack rate-limits it more times than a job has attempts, failing no job', async () => {
    h = await startHarness();
    const harness = h;
    const { channel } = await declared(harness, 'Long rate limit drill');
    // 30 refusals in a row: more than the 25 attempts a job has. A rate limit spends none of them.
    harness.emulator.injectFault({
      method: 'chat.postMessage',
      channel: channel.id,
      status: 429,
      retryAfter: 0,
      times: 30,
    });
    await harness.emulator.user('dana').command('update checking the payments dashboards', { channel: channel.id });
    await harness.emulator.waitFor(
      () => channel.messages.some((m) => m.text.includes('checking the payments dashboards')),
      30_000,
    );
    const limited = harness.emulator.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.args.channel === channel.id && c.status === 429,
    );
    expect(limited).toHaveLength(30);
    expect(channel.messages.filter((m) => m.text.includes('checking the payments dashboards'))).toHaveLength(1);
    expect(await harness.app.services.effects.queue.getFailedCount()).toBe(0);
  });

  it('should tell the responder at once that nothing was recorded when Redis is away', async () => {
    h = await startHarness();
    const harness = h;
    const { id, channel } = await declared(harness, 'Redis away drill');
    const before = (await logOf(harness, id)).length;
    harness.app.services.redis.disconnect();
    const started = Date.now();
    const answer = await harness.emulator.user('dana').command('note this must not vanish', { channel: channel.id });
    expect(answer.ackText).toBe(NOT_RECORDED);
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await logOf(harness, id)).length).toBe(before);
  });

  it('should answer Slack 500 for an event it could not record, so that Slack delivers it again', async () => {
    h = await startHarness();
    const harness = h;
    const { channel } = await declared(harness, 'Event retry drill');
    const message = await harness.emulator.user('dana').post(channel.id, 'graph');
    harness.app.services.redis.disconnect();
    const event = {
      type: 'pin_added',
      user: 'U0DANA0001',
      channel_id: channel.id,
      item: {
        type: 'message',
        channel: channel.id,
        message: { type: 'message', user: 'U0DANA0001', text: 'graph', ts: message.ts },
      },
    };
    const answer = await harness.emulator.deliverEvent(event, { eventId: 'Ev0NOREDIS01' });
    expect(answer?.status).toBe(500);
  });
});
