import { ErrorCode, WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorOptions, SlackEmulator } from '../../src/sandbox/emulator.js';
import { POST_MESSAGE_BURST } from '../../src/sandbox/rate-tiers.js';
import { BOT_USER_ID } from '../../src/sandbox/workspace.js';

const BOT = 'xoxb-1-emulator-tiers';
const SCOPES = ['chat:write', 'channels:manage', 'channels:read'];

let emulator: SlackEmulator | undefined;

async function start(options: Partial<EmulatorOptions> = {}): Promise<{ emulator: SlackEmulator; client: WebClient }> {
  emulator = await SlackEmulator.start({ signingSecret: 's', botToken: BOT, scopes: SCOPES, ...options });
  // The bot was invited to the channels these tests post in (it starts in none).
  for (const id of ['C0GENERAL01', 'C0INCIDENTS']) emulator.workspace.channels.get(id)?.members.add(BOT_USER_ID);
  const client = new WebClient(BOT, {
    slackApiUrl: emulator.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  return { emulator, client };
}

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe('the emulator with rate tiers on', () => {
  it('should answer the 21st conversations.create within a minute with 429 and Retry-After', async () => {
    const { emulator, client } = await start({ rateTiers: true });
    for (let i = 1; i <= 20; i++) await client.conversations.create({ name: `inc-tier-${i}` });
    await expect(client.conversations.create({ name: 'inc-tier-21' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 3,
    });
    const last = emulator.calls.at(-1);
    expect(last).toMatchObject({ method: 'conversations.create', status: 429, ok: false, error: 'ratelimited' });
    expect(last?.response).toEqual({ ok: false, error: 'ratelimited' });
    expect([...emulator.workspace.channels.values()].some((c) => c.name === 'inc-tier-21')).toBe(false);
    expect(emulator.rateLimited()).toEqual({ total: 1, byMethod: { 'conversations.create': 1 } });
  });

  it('should refuse a chat.postMessage burst to one channel after a few, and still post to another channel', async () => {
    const { emulator, client } = await start({ rateTiers: true });
    for (let i = 0; i < POST_MESSAGE_BURST; i++)
      await client.chat.postMessage({ channel: 'C0GENERAL01', text: `${i}` });
    await expect(client.chat.postMessage({ channel: 'C0GENERAL01', text: 'one too many' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 1,
    });
    await expect(client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'elsewhere' })).resolves.toMatchObject({
      ok: true,
    });
    expect(emulator.workspace.channels.get('C0GENERAL01')?.messages).toHaveLength(POST_MESSAGE_BURST);
    expect(emulator.rateLimited().byMethod).toEqual({ 'chat.postMessage': 1 });
  });

  it("should count only the tiers' 429s, not injected ones, and none once turned off at run time", async () => {
    const { emulator, client } = await start({ rateTiers: true });
    emulator.injectFault({ method: 'chat.postMessage', status: 429, times: 1 });
    await expect(client.chat.postMessage({ channel: 'C0GENERAL01', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
    });
    expect(emulator.rateLimited().total).toBe(0);
    emulator.setRateTiers(false);
    for (let i = 0; i < POST_MESSAGE_BURST + 2; i++)
      await client.chat.postMessage({ channel: 'C0GENERAL01', text: 'x' });
    expect(emulator.rateLimited().total).toBe(0);
  });

  it('should not rate-limit anything when the option is left out', async () => {
    const { emulator, client } = await start();
    for (let i = 0; i < POST_MESSAGE_BURST + 2; i++)
      await client.chat.postMessage({ channel: 'C0GENERAL01', text: 'x' });
    expect(emulator.calls.every((c) => c.status === 200)).toBe(true);
  });
});

describe('the emulator with latency set', () => {
  it('should take at least the configured time to answer', async () => {
    const { client } = await start({ latency: 200 });
    const started = performance.now();
    await client.auth.test();
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('should answer a fast method while a slow one is still waiting, once set at run time', async () => {
    const { emulator, client } = await start();
    emulator.setLatency({ 'conversations.create': 400 });
    const finished: string[] = [];
    const slow = client.conversations.create({ name: 'inc-slow' }).then(() => finished.push('conversations.create'));
    const fast = client.auth.test().then(() => finished.push('auth.test'));
    await Promise.all([slow, fast]);
    expect(finished).toEqual(['auth.test', 'conversations.create']);
  });
});
