import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, setUpRecorded, textOf } from '../support/incident.js';

describe('running an incident', () => {
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;
  const feed = () => h.emulator.workspace.channels.get('C0INCIDENTS') as EmulatedChannel;
  const announcement = () => feed().messages.find((m) => m.text.includes(id));
  const thread = () => feed().messages.filter((m) => m.threadTs === announcement()?.ts);

  beforeAll(async () => {
    h = await startHarness();
    const answer = await h.emulator.user('dana').command('declare sev2 Checkout payments failing');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    await setUpRecorded(h, id);
    await h.emulator.waitFor(() => boardOf(channel)?.pinned);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should move the status and have the board, topic, announcement and its thread follow', async () => {
    const raj = h.emulator.user('raj');
    const answer = await raj.command('status identified', { channel: channel.id });
    expect(answer.ackText).toBe('Status → Identified.');
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV2 · Identified'));
    await h.emulator.waitFor(() => channel.topic.value === 'SEV2 · Identified · Checkout payments failing');
    await h.emulator.waitFor(() => announcement()?.text.includes('Identified'));
    await h.emulator.waitFor(() => thread().some((m) => m.text.includes('status: *Identified*')));
    const line = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text.startsWith('Status → *Identified*')),
    );
    expect(line.text).toContain(`by <@${raj.id}>`);
  });

  it('should say so, and record nothing, when the status is already the one asked for', async () => {
    const before = (await logOf(h, id)).length;
    const answer = await h.emulator.user('raj').command('status identified', { channel: channel.id });
    expect(answer.ackText).toBe('Status is already Identified.');
    expect((await logOf(h, id)).length).toBe(before);
  });

  it('should explain a bad status or severity and what would be right', async () => {
    const dana = h.emulator.user('dana');
    expect((await dana.command('status fixed', { channel: channel.id })).ackText).toBe(
      [
        '`fixed` is not a status; use one of these (or `/incident resolve`):',
        '• `investigating`: Impact confirmed, cause unknown',
        '• `identified`: The cause (often a change) is named',
        '• `mitigating`: A fix or rollback is under way',
        '• `monitoring`: Recovery seen; watching that it holds',
      ].join('\n'),
    );
    expect((await dana.command('severity 7', { channel: channel.id })).ackText).toContain('`7` is not a severity');
    expect((await dana.command('status resolved', { channel: channel.id })).ackText).toContain('/incident resolve');
  });

  it('should change the severity from the command and from the board menu', async () => {
    const dana = h.emulator.user('dana');
    await dana.command('severity sev1', { channel: channel.id });
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('🔴 SEV1'));
    const board = boardOf(channel);
    if (!board) throw new Error('no board');
    await dana.click(board, 'incident.change_severity', { selected: 'sev2' });
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('🟠 SEV2'));
    const severities = (await logOf(h, id)).filter((e) => e.type === 'SeverityChanged').map((e) => e.data);
    expect(severities).toEqual([
      { from: 'sev2', to: 'sev1' },
      { from: 'sev1', to: 'sev2' },
    ]);
  });

  it('should post an update in the channel and the announcement thread, and show it on the board', async () => {
    const dana = h.emulator.user('dana');
    const answer = await dana.command('update Rolled back payments-api to 2026.11.28-2; errors dropping', {
      channel: channel.id,
    });
    expect(answer.ackText).toBe('Update posted.');
    await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes('Rolled back payments-api')));
    await h.emulator.waitFor(() => thread().find((m) => m.text.includes('Rolled back payments-api')));
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('Rolled back payments-api'));
  });

  it('should post an update from the board through the update modal', async () => {
    const sam = h.emulator.user('sam');
    const board = boardOf(channel);
    if (!board) throw new Error('no board');
    await sam.click(board, 'incident.post_update');
    await h.emulator.waitFor(() => sam.openView());
    const submitted = await sam.submit({
      'update.known': 'Error rate back to baseline',
      'update.doing': 'Watching for 30 min',
    });
    expect(submitted.closed).toBe(true);
    await h.emulator.waitFor(() => thread().find((m) => m.text.includes('back to baseline')));
    const updates = (await logOf(h, id)).filter((e) => e.type === 'UpdatePosted');
    expect(updates.at(-1)).toMatchObject({
      actor: sam.id,
      data: {
        text: expect.stringMatching(
          /^Impact: Checkout payments failing\nWhat we know: Error rate back to baseline\nWhat we are doing: Watching for 30 min\nNext update by \d\d:\d\d \(UTC\)$/,
        ),
        audience: 'internal',
      },
    });
  });

  it('should keep a note on the timeline without posting it anywhere', async () => {
    const before = channel.messages.length;
    const answer = await h.emulator.user('lee').command('note canary looked clean at 03:20', { channel: channel.id });
    expect(answer.ackText).toBe('Noted on the timeline.');
    expect((await logOf(h, id)).at(-1)).toMatchObject({
      type: 'NoteAdded',
      data: { text: 'canary looked clean at 03:20' },
    });
    await h.emulator.idle();
    expect(channel.messages.length).toBe(before);
  });

  it('should tell anyone but the commander who can resolve, and change nothing', async () => {
    const raj = h.emulator.user('raj');
    const answer = await raj.command('resolve', { channel: channel.id });
    expect(answer.ackText).toBe(
      `Only the commander (<@U0DANA0001>) can resolve ${id}. Ask them, or take command first.`,
    );
    expect(raj.openView()).toBeUndefined();
    const board = boardOf(channel);
    if (!board) throw new Error('no board');
    await raj.click(board, 'incident.resolve');
    await h.emulator.waitFor(() => raj.ephemerals().some((e) => e.text.includes('Only the commander')));
    expect(raj.openView()).toBeUndefined();
  });

  it('should resolve through the modal: board green, announcement resolved, thread told, off the open list', async () => {
    const dana = h.emulator.user('dana');
    await dana.command('resolve', { channel: channel.id });
    await h.emulator.waitFor(() => dana.openView());
    const submitted = await dana.submit({ resolution: 'Rolled back payments-api; error rate at baseline for 30 min' });
    expect(submitted.closed).toBe(true);
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('✅ SEV2 · Resolved'));
    expect(textOf(boardOf(channel))).toContain('Rolled back payments-api; error rate at baseline');
    await h.emulator.waitFor(() => announcement()?.text.includes('Resolved'));
    await h.emulator.waitFor(() => thread().some((m) => m.text.includes('resolved')));
    expect(await h.redis.zrange(h.app.services.store.keys.openIncidents, '0', '-1')).not.toContain(id);
    const list = await h.emulator.user('sam').command('list');
    expect(list.ackText).not.toContain(id);
  });

  it('should refuse to change a resolved incident and point at reopen', async () => {
    const answer = await h.emulator.user('dana').command('status mitigating', { channel: channel.id });
    expect(answer.ackText).toBe(
      `${id} is resolved, so you cannot change its status; \`/incident reopen <reason>\` first.`,
    );
  });

  it('should reopen with a reason and be back on the open list', async () => {
    const answer = await h.emulator.user('raj').command('reopen errors are back', { channel: channel.id });
    expect(answer.ackText).toBe('Reopened.');
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV2 · Investigating'));
    const list = await h.emulator.user('sam').command('list');
    expect(list.ackText).toContain(id);
    expect(list.ackText).toContain(`<#${channel.id}>`);
  });

  it('should say which incident channels exist when a command needs one', async () => {
    const answer = await h.emulator.user('sam').command('status mitigating', { channel: 'C0GENERAL01' });
    expect(answer.ackText).toContain('This is not an incident channel');
    expect(answer.ackText).toContain(id);
  });

  it('should keep every event in order with both clocks', async () => {
    const log = await logOf(h, id);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const recorded = log.map((e) => e.recordedAt as number);
    expect([...recorded].sort((a, b) => a - b)).toEqual(recorded);
    expect(new Set(log.map((e) => e.key)).size).toBe(log.length);
  });
});
