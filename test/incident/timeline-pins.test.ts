import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf, setUpRecorded, waitForValue } from '../support/incident.js';

describe('messages on the timeline', () => {
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;
  const pinEvents = async () =>
    (await logOf(h, id)).filter((e) =>
      ['MessagePinned', 'PinnedMessageEdited', 'MessageUnpinned'].includes(String(e.type)),
    );

  beforeAll(async () => {
    h = await startHarness();
    const answer = await h.emulator.user('dana').command('declare sev1 Checkout payments failing');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    channel.members.add('U0RAJ00002'); // Raj joins the channel.
    await setUpRecorded(h, id);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should put a pinned message on the timeline with its author and its own time', async () => {
    const raj = h.emulator.user('raj');
    const graph = await raj.post(channel.id, 'p99 latency graph: https://grafana.example/d/abc');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await h.emulator.user('dana').pin(channel.id, graph.ts);
    const [pinned] = await pinEvents();
    expect(pinned).toMatchObject({
      type: 'MessagePinned',
      actor: 'U0DANA0001',
      at: Math.round(Number(graph.ts) * 1000),
      data: { ts: graph.ts, author: raj.id, text: 'p99 latency graph: https://grafana.example/d/abc', via: 'pin' },
    });
  });

  it('should not add a second entry when the same message also gets a 📌', async () => {
    const graph = channel.messages.find((m) => m.text.startsWith('p99 latency graph'));
    if (!graph) throw new Error('no graph message');
    await h.emulator.user('lee').react(channel.id, graph.ts, 'pushpin');
    const pins = await waitForValue(async () => {
      const found = (await pinEvents()).filter((e) => e.type === 'MessagePinned');
      return found.length === 2 && found;
    });
    expect(pins.map((p) => (p.data as { via: string }).via)).toEqual(['pin', 'reaction']);
  });

  it('should follow the author editing the message', async () => {
    const graph = channel.messages.find((m) => m.text.startsWith('p99 latency graph'));
    if (!graph) throw new Error('no graph message');
    await h.emulator
      .user('raj')
      .edit(channel.id, graph.ts, 'p99 latency graph (after rollback): https://grafana.example/d/abc');
    expect((await pinEvents()).at(-1)).toMatchObject({
      type: 'PinnedMessageEdited',
      data: { ts: graph.ts, text: 'p99 latency graph (after rollback): https://grafana.example/d/abc' },
    });
  });

  it('should keep the entry while one of pin and 📌 remains, and drop it when the message is deleted', async () => {
    const graph = channel.messages.find((m) => m.text.startsWith('p99 latency graph'));
    if (!graph) throw new Error('no graph message');
    await h.emulator.user('dana').unpin(channel.id, graph.ts);
    await h.emulator.user('raj').delete(channel.id, graph.ts);
    const tail = (await pinEvents()).slice(-2).map((e) => [e.type, (e.data as { via: string }).via]);
    // The 📌 is still on the (deleted) message, so removing the pin kept the entry; deleting it dropped it.
    expect(tail).toEqual([
      ['MessageUnpinned', 'pin'],
      ['MessageUnpinned', 'deleted'],
    ]);
  });

  it('should put a message with only a 📌 on the timeline, fetching its text', async () => {
    const note = await h.emulator.user('raj').post(channel.id, 'Suspect: payments-api release 2026.11.28-3 (4f2a1c)');
    await h.emulator.user('raj').react(channel.id, note.ts, 'pushpin');
    const pinned = await waitForValue(async () =>
      (await pinEvents()).find((e) => e.type === 'MessagePinned' && (e.data as { ts: string }).ts === note.ts),
    );
    expect(pinned).toMatchObject({
      type: 'MessagePinned',
      actor: 'U0RAJ00002',
      at: Math.round(Number(note.ts) * 1000),
      data: {
        ts: note.ts,
        author: 'U0RAJ00002',
        text: 'Suspect: payments-api release 2026.11.28-3 (4f2a1c)',
        via: 'reaction',
      },
    });
  });

  it('should put a 📌 reply in a thread on the timeline, which channel history never lists', async () => {
    const raj = h.emulator.user('raj');
    const parent = await raj.post(channel.id, 'Looking at the payments-api dashboards');
    const reply = await raj.post(channel.id, 'Error rate jumped at 03:06, right after the deploy', parent.ts);
    await h.emulator.user('dana').react(channel.id, reply.ts, 'pushpin');
    const pinned = await waitForValue(async () =>
      (await pinEvents()).find((e) => e.type === 'MessagePinned' && (e.data as { ts: string }).ts === reply.ts),
    );
    expect(pinned).toMatchObject({
      actor: 'U0DANA0001',
      data: { author: 'U0RAJ00002', text: 'Error rate jumped at 03:06, right after the deploy', via: 'reaction' },
    });
  });

  it('should record a 📌 while Slack cannot be asked about the message, and pin it once Slack answers', async () => {
    const message = await h.emulator.user('raj').post(channel.id, 'maybe the cache?');
    h.emulator.injectFault({ method: 'conversations.history', status: 500, times: 2 });
    await h.emulator.user('raj').react(channel.id, message.ts, 'pushpin');
    expect(h.emulator.deliveries.at(-1)?.answer?.status).toBe(200);
    expect(
      (await logOf(h, id)).some((e) => e.type === 'PinRequested' && (e.data as { ts: string }).ts === message.ts),
    ).toBe(true);
    const pinned = await waitForValue(async () =>
      (await pinEvents()).find((e) => e.type === 'MessagePinned' && (e.data as { ts: string }).ts === message.ts),
    );
    expect(pinned).toMatchObject({ data: { text: 'maybe the cache?', via: 'reaction' } });
  });

  it('should pin nothing when the 📌 is taken off before the message was looked up', async () => {
    const message = await h.emulator.user('raj').post(channel.id, 'or the CDN?');
    h.emulator.injectFault({ method: 'conversations.history', status: 429, retryAfter: 2, times: 1 });
    await h.emulator.user('raj').react(channel.id, message.ts, 'pushpin');
    await h.emulator.user('raj').unreact(channel.id, message.ts, 'pushpin');
    await waitForValue(async () =>
      (await logOf(h, id)).some((e) => e.type === 'MessageUnpinned' && (e.data as { ts: string }).ts === message.ts),
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const entries = (await pinEvents()).filter((e) => (e.data as { ts: string }).ts === message.ts);
    expect(entries.map((e) => e.type)).toEqual(['MessageUnpinned']);
  });

  it("should not take warroom's own edits of a message on the timeline (its checklists re-rendered) for edits", async () => {
    const checklist = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.botId && m.text.includes('Identify')),
    );
    await h.emulator.user('dana').react(channel.id, checklist.ts, 'pushpin');
    await waitForValue(async () =>
      (await pinEvents()).some((e) => e.type === 'MessagePinned' && (e.data as { ts: string }).ts === checklist.ts),
    );
    const updates = checklist.updates;
    await h.emulator.user('dana').click(checklist, 'step.done', { value: 'confirm-impact' });
    await h.emulator.waitFor(() => checklist.updates > updates);
    await h.emulator.idle();
    const edits = (await pinEvents()).filter(
      (e) => e.type === 'PinnedMessageEdited' && (e.data as { ts: string }).ts === checklist.ts,
    );
    expect(edits).toEqual([]);
  });

  it('should record a redelivered event once', async () => {
    const message = await h.emulator.user('raj').post(channel.id, 'Rollback started');
    const event = {
      type: 'pin_added',
      user: 'U0RAJ00002',
      channel_id: channel.id,
      item: {
        type: 'message',
        channel: channel.id,
        message: { type: 'message', user: 'U0RAJ00002', text: 'Rollback started', ts: message.ts },
      },
      event_ts: h.emulator.workspace.nextTs(),
    };
    const first = await h.emulator.deliverEvent(event, { eventId: 'Ev0REDELIVER1' });
    const second = await h.emulator.deliverEvent(event, {
      eventId: 'Ev0REDELIVER1',
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    const third = await h.emulator.deliverEvent(event, {
      eventId: 'Ev0REDELIVER1',
      retryNum: 2,
      retryReason: 'http_timeout',
    });
    expect([first?.status, second?.status, third?.status]).toEqual([200, 200, 200]);
    const entries = (await pinEvents()).filter((e) => (e.data as { ts: string }).ts === message.ts);
    expect(entries).toHaveLength(1);
  });

  it('should ignore pins in channels that are not incident channels, and warroom pinning its own board', async () => {
    const before = (await logOf(h, id)).length;
    const message = await h.emulator.user('dana').post('C0GENERAL01', 'lunch?');
    await h.emulator.user('dana').pin('C0GENERAL01', message.ts);
    expect((await logOf(h, id)).length).toBe(before);
    const boardTs = String(((await logOf(h, id)).find((e) => e.type === 'BoardPosted')?.data as { ts?: string })?.ts);
    expect(channel.messages.find((m) => m.ts === boardTs)?.pinned).toBe(true);
    expect((await pinEvents()).some((e) => (e.data as { ts: string }).ts === boardTs)).toBe(false);
  });
});
