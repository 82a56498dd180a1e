/**
 * In Socket Mode an event is acknowledged only once it is recorded: one that could not be recorded
 * (Redis away for a moment) is left unacknowledged, Slack delivers it again, and it lands once.
 * Runs on a Redis of its own, since the test pauses it.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AvailableRedis, ensureRedis, freePort } from '../../src/redis/throwaway.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf, waitForValue } from '../support/incident.js';

describe('a 📌 in Socket Mode while Redis cannot take it', () => {
  let redis: AvailableRedis;
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;

  beforeAll(async () => {
    // A Redis of its own (a free port, so never the shared one).
    redis = await ensureRedis(`redis://127.0.0.1:${await freePort()}`);
    h = await startHarness({ mode: 'socket', env: { REDIS_URL: redis.url } });
    const answer = await h.emulator.user('dana').command('declare sev2 Checkout slow');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'BoardPosted'));
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    redis?.stop();
  });

  it('should leave the event unacknowledged, take the redelivery, and record the 📌 once', async () => {
    const message = await h.emulator.user('dana').post(channel.id, 'error rate graph');
    const admin = new Redis(redis.url);
    await admin.call('CLIENT', 'PAUSE', '2500', 'WRITE');
    await h.emulator.user('dana').react(channel.id, message.ts, 'pushpin');
    admin.disconnect();
    const requests = await waitForValue(async () => {
      const found = (await logOf(h, id)).filter(
        (e) => e.type === 'PinRequested' && (e.data as { ts: string }).ts === message.ts,
      );
      return found.length > 0 && found;
    }, 15_000);
    expect(requests).toHaveLength(1);
    const reaction = h.emulator.deliveries.filter(
      (d) => (d.request.payload.event as { type?: string } | undefined)?.type === 'reaction_added',
    );
    expect(reaction.length).toBeGreaterThan(1);
    expect(reaction[0]?.error).toMatch(/no ack/);
    await waitForValue(async () =>
      (await logOf(h, id)).some((e) => e.type === 'MessagePinned' && (e.data as { ts: string }).ts === message.ts),
    );
  }, 30_000);
});
