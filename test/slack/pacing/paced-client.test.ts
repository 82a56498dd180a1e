import { randomUUID } from 'node:crypto';
import { ErrorCode, WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { MANIFEST_PATH } from '../../../src/paths.js';
import { backoffDelay } from '../../../src/queue/slack-errors.js';
import { SlackEmulator } from '../../../src/sandbox/emulator.js';
import { readManifest } from '../../../src/sandbox/manifest.js';
import { BOT_USER_ID } from '../../../src/sandbox/workspace.js';
import { SlackBudget, SlackBudgetExhaustedError } from '../../../src/slack/pacing/budget.js';
import {
  PacedWebClient,
  type SlackCallObserver,
  type SlackCallOutcome,
  workspaceOf,
} from '../../../src/slack/pacing/paced-client.js';
import { bucketsFor } from '../../../src/slack/pacing/tiers.js';

const BOT = 'xoxb-1-pacing-test-bot';
/** Slack's minute in 2 s, for the emulator and the budget alike (Tier 2: 10 a second, a burst of 20 at Slack). */
const SCALE = 30;

let emulator: SlackEmulator | undefined;
const connections: Redis[] = [];

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
});

async function startEmulator(timeScale: number): Promise<SlackEmulator> {
  const manifest = readManifest(MANIFEST_PATH);
  emulator = await SlackEmulator.start({
    signingSecret: 's',
    botToken: BOT,
    scopes: manifest.scopes,
    rateTiers: true,
    rateTierTimeScale: timeScale,
  });
  emulator.workspace.channels.get('C0INCIDENTS')?.members.add(BOT_USER_ID);
  return emulator;
}

const clientOptions = (slack: SlackEmulator) => ({
  slackApiUrl: slack.apiUrl,
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
});

/** A warroom worker process's client: its own Redis connection, the budget on the shared prefix. */
function pacedClient(
  slack: SlackEmulator,
  prefix: string,
  options: { timeScale?: number; observe?: SlackCallObserver } = {},
) {
  const connection = new Redis(inject('redisUrl'));
  connections.push(connection);
  const budget = new SlackBudget(connection, {
    keyPrefix: prefix,
    workspace: workspaceOf(BOT),
    timeScale: options.timeScale ?? SCALE,
  });
  return {
    budget,
    client: new PacedWebClient(BOT, {
      ...clientOptions(slack),
      budget,
      ...(options.observe ? { observe: options.observe } : {}),
    }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a call as a job would: a rate limit or a refusal of the budget is retried after the wait it names. */
async function asJob<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== ErrorCode.RateLimitedError || attempt > 50) throw error;
      await sleep(backoffDelay(attempt, error));
    }
  }
}

/**
 * What one worker does in a burst of declares: per incident a channel, its topic and three posts in it,
 * and an announcement in the shared feed.
 */
async function burst(client: WebClient, name: string, incidents: number): Promise<void> {
  await Promise.all(
    Array.from({ length: incidents }, async (_, i) => {
      const created = await asJob(() => client.conversations.create({ name: `${name}-${i}` }));
      const channel = created.channel?.id as string;
      await asJob(() => client.conversations.setTopic({ channel, topic: `SEV1 · ${name} ${i}` }));
      for (const text of ['board', 'welcome', 'checklist'])
        await asJob(() => client.chat.postMessage({ channel, text }));
      await asJob(() => client.chat.postMessage({ channel: 'C0INCIDENTS', text: `${name} ${i} declared` }));
    }),
  );
}

describe('two worker processes calling Slack through the shared budget', () => {
  it('should draw no 429 from a burst that draws many without the budget', async () => {
    const unpaced = await startEmulator(SCALE);
    const plain = [new WebClient(BOT, clientOptions(unpaced)), new WebClient(BOT, clientOptions(unpaced))];
    await Promise.all(plain.map((client, n) => burst(client, `plain-${n}`, 15)));
    const withoutBudget = unpaced.rateLimited();
    await unpaced.stop();

    const slack = await startEmulator(SCALE);
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const paced = [pacedClient(slack, prefix).client, pacedClient(slack, prefix).client];
    await Promise.all(paced.map((client, n) => burst(client, `paced-${n}`, 15)));
    const withBudget = slack.rateLimited();

    expect(withoutBudget.total).toBeGreaterThan(0);
    expect(withBudget).toEqual({ total: 0, byMethod: {} });
    // Everything was done all the same: 30 channels, each with its topic and posts, 30 announcements.
    const made = [...slack.workspace.channels.values()].filter((c) => c.name.startsWith('paced-'));
    expect(made).toHaveLength(30);
    const posts = (c: (typeof made)[number]) =>
      c.messages.filter((m) => ['board', 'welcome', 'checklist'].includes(m.text));
    expect(made.every((c) => posts(c).length === 3 && c.topic.value.startsWith('SEV1'))).toBe(true);
    expect(slack.workspace.channels.get('C0INCIDENTS')?.messages.length).toBeGreaterThanOrEqual(30);
    const keys = await connections[0]?.keys(`${prefix}:*`);
    if (keys && keys.length > 0) await connections[0]?.del(...keys);
  }, 60_000);
});

describe('priorities through the paced client', () => {
  it('should refuse a low call, without calling Slack, where the board still goes', async () => {
    const slack = await startEmulator(1);
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const { client, budget } = pacedClient(slack, prefix, { timeScale: 1 });
    const posted = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'board' });
    // 20 of chat.update's 25 spent: 5 left, fewer than a low call must leave (10).
    for (let i = 0; i < 20; i++) await budget.tryTake(bucketsFor('chat.update', {}), 'high');
    const update = (at: 'low' | 'high', text: string) =>
      client.at(at).chat.update({ channel: 'C0INCIDENTS', ts: posted.ts as string, text });
    await expect(update('low', 'the feed')).rejects.toBeInstanceOf(SlackBudgetExhaustedError);
    await expect(update('high', 'the board')).resolves.toMatchObject({ ok: true });
    expect(slack.calls.filter((c) => c.method === 'chat.update').map((c) => c.args.text)).toEqual(['the board']);
    // One client per priority, made once: the same budget, whichever way it is reached.
    expect(client.at('high').at('normal')).toBe(client);
    expect(client.at('low')).toBe(client.at('high').at('low'));
  });
});

describe("the paced client's observer", () => {
  it('should report each call sent, its error and whether Slack throttled it, and the waits', async () => {
    const slack = await startEmulator(60);
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const calls: SlackCallOutcome[] = [];
    const waits: [string, number][] = [];
    const { client } = pacedClient(slack, prefix, {
      timeScale: 60,
      observe: { slackCall: (e) => calls.push(e), budgetWait: (tier, ms) => waits.push([tier, ms]) },
    });
    await client.conversations.create({ name: 'observed' });
    await expect(client.conversations.setTopic({ channel: 'C0NOPE00', topic: 'x' })).rejects.toThrow();
    slack.injectFault({ method: 'users.info', status: 429, times: 1 });
    await expect(client.users.info({ user: 'U0DANA0001' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError });
    // Past the burst of 10: the rest wait for Tier 2 tokens (Slack's minute in a second: one every 50 ms).
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.conversations.create({ name: `observed-${i}` })));
    expect(calls.slice(0, 3)).toEqual([
      { method: 'conversations.create', ok: true, rateLimited: false, waitedMs: expect.any(Number) },
      {
        method: 'conversations.setTopic',
        ok: false,
        error: 'channel_not_found',
        rateLimited: false,
        waitedMs: expect.any(Number),
      },
      { method: 'users.info', ok: false, error: 'ratelimited', rateLimited: true, waitedMs: expect.any(Number) },
    ]);
    expect(calls).toHaveLength(15);
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(waits.filter(([tier, ms]) => !(tier === 'Tier2' && ms > 0))).toEqual([]);
    expect(slack.rateLimited().total).toBe(0);
  });
});
