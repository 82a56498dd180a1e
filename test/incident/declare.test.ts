import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactDate } from '../../src/slack/time.js';
import { keysFor } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, setUpRecorded, textOf, waitForValue } from '../support/incident.js';

describe('declaring an incident', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should open a channel with a pinned board, a topic, the declarer, and an announcement', async () => {
    const dana = h.emulator.user('dana');
    const answer = await dana.command('declare sev1 Checkout payments failing');
    expect(answer.ackText).toMatch(/^Declared INC-\d+ \(SEV1\): Checkout payments failing/);
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;

    const channel = await channelOf(h, id);
    expect(channel.name).toBe(`inc-${compactDate(Date.now(), 'UTC')}-checkout-payments-failing`);
    expect(channel.isPrivate).toBe(false);
    await h.emulator.waitFor(() => channel.members.has(dana.id));

    const board = await h.emulator.waitFor(() => {
      const message = boardOf(channel);
      return message?.pinned ? message : undefined;
    });
    expect(textOf(board)).toContain('SEV1 · Investigating · Checkout payments failing');
    expect(textOf(board)).toContain(`<@${dana.id}>`);

    await h.emulator.waitFor(() => channel.topic.value === 'SEV1 · Investigating · Checkout payments failing');
    const feed = h.emulator.workspace.channels.get('C0INCIDENTS');
    const announcement = await h.emulator.waitFor(() => feed?.messages.find((m) => m.text.includes(id)));
    expect(announcement.text).toContain(`<#${channel.id}>`);

    const confirmation = await h.emulator.waitFor(() => dana.ephemerals().find((e) => e.text.includes('→')));
    expect(confirmation.text).toBe(`Declared ${id} → <#${channel.id}>`);

    // The set-up is recorded once each; the changes come right after the board (the announcement goes beside).
    const log = await waitForValue(async () => {
      const all = await logOf(h, id);
      return all.some((e) => e.type === 'ChangesListed') && all.some((e) => e.type === 'AnnouncementPosted') && all;
    });
    const types = log.map((e) => String(e.type));
    expect(types.slice(0, 2)).toEqual(['IncidentDeclared', 'ChannelCreated']);
    expect([...types.slice(2)].sort()).toEqual(['AnnouncementPosted', 'BoardPosted', 'ChangesListed']);
    expect(types.indexOf('BoardPosted')).toBeLessThan(types.indexOf('ChangesListed'));
    // In the channel: the board, then the changes card (the commander's first step), then the welcome and checklists.
    const firstTexts = await h.emulator.waitFor(() => {
      const texts = channel.messages.filter((m) => m.botId).map((m) => m.text);
      return texts.length >= 4 ? texts : undefined;
    });
    expect(firstTexts[0]).toContain('SEV1 · Investigating');
    expect(firstTexts[1]).toMatch(/^Changes before the impact/);
    expect(log[0]).toMatchObject({
      actor: dana.id,
      seq: 1,
      data: { title: 'Checkout payments failing', severity: 'sev1' },
    });
    for (const event of log) {
      expect(event.recordedAt).toEqual(expect.any(Number));
      expect(event.at).toEqual(expect.any(Number));
    }
  });

  it('should make one incident when Slack delivers the same declare twice', async () => {
    const raj = h.emulator.user('raj');
    const first = await raj.command('declare sev2 Search results empty');
    // Raj's command (the first incident's set-up may still be sending events to the app meanwhile).
    const request = h.emulator.deliveries.findLast(
      (d) => d.request.payload.text === 'declare sev2 Search results empty',
    )?.request;
    if (!request) throw new Error('no delivery recorded');
    const again = await h.emulator.deliver(request, { retryNum: 1, retryReason: 'http_timeout' });
    expect(again.status).toBe(200);
    const id = (first.ackText as string).match(/INC-\d+/)?.[0] as string;
    expect(again.body).toContain(id);
    await channelOf(h, id);
    const channels = [...h.emulator.workspace.channels.values()].filter((c) => c.name.endsWith('search-results-empty'));
    expect(channels).toHaveLength(1);
    expect((await logOf(h, id)).filter((e) => e.type === 'IncidentDeclared')).toHaveLength(1);
  });

  it('should give two incidents with the same title two channels with distinct names', async () => {
    const sam = h.emulator.user('sam');
    const a = await sam.command('declare sev3 Login slow');
    const b = await sam.command('declare sev3 Login slow');
    const idA = (a.ackText as string).match(/INC-\d+/)?.[0] as string;
    const idB = (b.ackText as string).match(/INC-\d+/)?.[0] as string;
    expect(idA).not.toBe(idB);
    const [channelA, channelB] = await Promise.all([channelOf(h, idA), channelOf(h, idB)]);
    expect(new Set([channelA.name, channelB.name]).size).toBe(2);
    expect([channelA.name, channelB.name].sort()[1]).toMatch(/-login-slow-2$/);
  });

  it('should never notify @channel because someone typed it into a title', async () => {
    const lee = h.emulator.user('lee');
    const answer = await lee.command('declare sev2 @channel db is down & more');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    const board = await h.emulator.waitFor(() => boardOf(channel));
    expect(textOf(board)).toContain('· @channel db is down & more');
    await waitForValue(async () => (await logOf(h, id)).length >= 4);
    const everything = [...h.emulator.workspace.channels.values()].flatMap((c) => c.messages);
    expect(everything.filter((m) => m.mentions?.broadcasts.length)).toEqual([]);
  });

  it('should open the declare modal when no severity is given', async () => {
    const alex = h.emulator.user('alex');
    await alex.command('declare');
    const view = await h.emulator.waitFor(() => alex.openView());
    expect(view.view.callback_id).toBe('incident.declare');
    const submitted = await alex.submit({
      title: 'Payments webhook backlog',
      severity: 'sev2',
      summary: 'Webhooks delayed by 10 min',
      service: 'payments-api',
      private: ['private'],
    });
    expect(submitted.closed).toBe(true);
    const id = await waitForValue(async () => {
      const ids = await h.redis.zrevrange(h.app.services.store.keys.allIncidents, 0, 0);
      return ids[0];
    });
    const channel = await channelOf(h, id);
    expect(channel.isPrivate).toBe(true);
    const feed = h.emulator.workspace.channels.get('C0INCIDENTS');
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'BoardPosted'));
    expect(feed?.messages.some((m) => m.text.includes(id))).toBe(false);
  });

  it('should explain a missing title and an over-long one without declaring anything', async () => {
    const dana = h.emulator.user('dana');
    const before = await h.redis.zcard(h.app.services.store.keys.allIncidents);
    expect((await dana.command('declare sev1')).ackText).toContain('Give the incident a title');
    expect((await dana.command(`declare sev1 ${'x'.repeat(151)}`)).ackText).toContain('keep it to 150');
    expect(await h.redis.zcard(h.app.services.store.keys.allIncidents)).toBe(before);
  });

  it('should welcome the channel with the ground rules and where to look, not a commander "until named"', async () => {
    const dana = h.emulator.user('dana');
    const answer = await dana.command('declare sev2 Search latency high');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    const welcome = await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes('Ground rules')));
    expect(welcome.text).toBe(
      [
        `<@${dana.id}> declared *${id}* and is commander. Ground rules:`,
        '• Command moves only by an accepted handoff: `/incident handoff commander @someone`.',
        '• Only Ops changes production.',
        '• Findings go to the commander.',
        'Where things stand: the board (pinned) and `/incident brief`. `/incident help` lists everything.',
      ].join('\n'),
    );
    expect(welcome.text).not.toContain('until');
    expect(welcome.mentions).toEqual({ broadcasts: [], users: [dana.id] });
  });
});

describe('declaring an incident while Slack answers every call 150 ms late', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.emulator.setLatency(150);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should pin the board right after posting it, with the rest of the set-up beside it, not before it', async () => {
    const answer = await h.emulator.user('dana').command('declare sev1 Checkout slow under latency');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'ChangesListed'));
    // Board, changes card, welcome and the three checklists.
    await h.emulator.waitFor(() => channel.messages.filter((m) => m.botId).length >= 6 || undefined, 10_000);
    const calls = h.emulator.calls.filter((c) => c.args.channel === channel.id || c.args.channel_id === channel.id);
    const inChannel = (method: string) => calls.filter((c) => c.method === method && c.ok);
    const pin = inChannel('pins.add')[0];
    const [board, card, welcome, ...phases] = inChannel('chat.postMessage');
    expect(pin?.args.timestamp).toBe(board?.response?.ts);
    // Pinned as soon as the board's ts came back: before the checklists, which follow the card and the welcome.
    expect(pin?.at).toBeLessThan(phases[0]?.at as number);
    // Sent beside the board, so they arrived before the pin (one Slack round trip after the board).
    for (const method of ['conversations.invite', 'conversations.setPurpose', 'conversations.setTopic']) {
      expect(inChannel(method)[0]?.at, method).toBeLessThan(pin?.at as number);
    }
    const announcement = h.emulator.calls.find(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'C0INCIDENTS' && String(c.args.text).includes(id),
    );
    expect(announcement?.at).toBeLessThan(pin?.at as number);
    expect(String(card?.args.text)).toMatch(/^Changes before the impact/);
    expect(welcome?.response?.ts).toEqual(expect.any(String));
  }, 30_000);

  it('should take a step typed in the new channel before the channel index is written', async () => {
    const dana = h.emulator.user('dana');
    const answer = await dana.command('declare sev2 Typed into too soon');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    await setUpRecorded(h, id);
    // The channel is in Slack (and ChannelCreated in the log) a moment before the index says whose it is.
    await h.redis.hdel(keysFor(h.prefix).channels, channel.id);
    const noted = await dana.command('note typed before the index', { channel: channel.id });
    expect(noted.ackText).toBe('Noted on the timeline.');
    expect((await logOf(h, id)).filter((e) => e.type === 'NoteAdded')).toHaveLength(1);
  });
});
