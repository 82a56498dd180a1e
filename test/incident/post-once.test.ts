import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf, waitForValue } from '../support/incident.js';

describe('posting once without asking Slack more than it must', () => {
  let h: Harness;
  let channel: EmulatedChannel;
  beforeAll(async () => {
    h = await startHarness();
    const answer = await h.emulator.user('dana').command('declare sev2 Queue backlog');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'BoardPosted'));
    await h.emulator.idle();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should post again after a 429 without first looking for the post (Slack said it did nothing)', async () => {
    const before = h.emulator.calls.length;
    h.emulator.injectFault({ method: 'chat.postMessage', channel: channel.id, status: 429, retryAfter: 1, times: 1 });
    await h.emulator.user('dana').command('update Draining the queue', { channel: channel.id });
    await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes('Draining the queue')));
    const calls = h.emulator.calls.slice(before);
    expect(calls.filter((c) => c.method === 'chat.postMessage' && c.status === 429)).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'conversations.history' && c.args.channel === channel.id)).toEqual([]);
    expect(channel.messages.filter((m) => m.text.includes('Draining the queue'))).toHaveLength(1);
  });

  it('should look for the post before posting again when Slack answered 500 (it may have posted)', async () => {
    const before = h.emulator.calls.length;
    h.emulator.injectFault({ method: 'chat.postMessage', channel: channel.id, status: 500, times: 1 });
    await h.emulator.user('dana').command('update Queue at 40%', { channel: channel.id });
    await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes('Queue at 40%')));
    const calls = h.emulator.calls.slice(before);
    expect(calls.some((c) => c.method === 'conversations.history' && c.args.channel === channel.id)).toBe(true);
  });
});
