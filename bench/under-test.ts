/**
 * @module bench/under-test
 * warroom as the benchmarks run it: the Slack emulator and warroom (role `all`, as `npm start` runs it) in
 * this process, on their own key prefix; declaring incidents and waiting until their effects are done.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { MANIFEST_PATH } from '../src/paths.js';
import { type Running, startWarroom } from '../src/runtime.js';
import { SlackEmulator } from '../src/sandbox/emulator.js';
import { readManifest } from '../src/sandbox/manifest.js';
import { type Keys, keysFor } from '../src/store/keys.js';
import { deletePrefix } from './redis-keys.js';

export const SIGNING_SECRET = 'benchsigningsecret0123456789abcd';
export const BOT_TOKEN = 'xoxb-0000000001-bench-bot-token';

export interface UnderTest {
  emulator: SlackEmulator;
  app: Running;
  /** A connection of the bench's own, for looking at what was recorded. */
  redis: Redis;
  prefix: string;
  keys: Keys;
  stop(): Promise<void>;
}

export interface LoggedEvent {
  seq: number;
  type: string;
  key: string;
  data: Record<string, unknown>;
}

/** Starts the emulator and warroom on a fresh `bench-<random>` prefix; `stop()` also deletes the prefix's keys. */
export async function startUnderTest(redisUrl: string): Promise<UnderTest> {
  const manifest = readManifest(MANIFEST_PATH);
  const emulator = await SlackEmulator.start({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    scopes: manifest.scopes,
    events: manifest.events,
  });
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.apiUrl,
      REDIS_URL: redisUrl,
      PORT: '0',
      WARROOM_KEY_PREFIX: prefix,
      INCIDENT_ANNOUNCE_CHANNEL: 'C0INCIDENTS',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    },
    'all',
  );
  const app = await startWarroom(config, 'all', createLogger(config.logLevel));
  emulator.connectHttp(`http://127.0.0.1:${app.port}/slack/events`);
  const redis = new Redis(redisUrl);
  return {
    emulator,
    app,
    redis,
    prefix,
    keys: keysFor(prefix),
    stop: async () => {
      await emulator.idle();
      await app.stop();
      await emulator.stop();
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Calls `check` every `everyMs` until it returns something other than undefined. */
export async function poll<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function readLog(ut: UnderTest, incidentId: string): Promise<LoggedEvent[]> {
  const raw = await ut.redis.lrange(ut.keys.log(incidentId), 0, -1);
  return raw.map((line) => JSON.parse(line) as LoggedEvent);
}

/** Types `/incident declare sev1 <title>` as dana in #general; resolves with the incident id from the ack. */
export async function declare(ut: UnderTest, title: string): Promise<string> {
  const answer = await ut.emulator.user('dana').command(`declare sev1 ${title}`);
  const id = /Declared (INC-\d+)/.exec(answer.ackText ?? '')?.[1];
  if (!id) throw new Error(`the declare was not acked as expected: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
  return id;
}

/** The incident's channel and pinned board, once both exist in the log and the board is pinned in Slack. */
export async function waitForBoard(
  ut: UnderTest,
  incidentId: string,
  timeoutMs = 60_000,
): Promise<{ channelId: string; boardTs: string }> {
  return poll(
    `the pinned board of ${incidentId}`,
    async () => {
      const log = await readLog(ut, incidentId);
      const channelId = log.find((e) => e.type === 'ChannelCreated')?.data.channelId;
      const boardTs = log.find((e) => e.type === 'BoardPosted')?.data.ts;
      if (typeof channelId !== 'string' || typeof boardTs !== 'string') return undefined;
      return ut.emulator.workspace.findMessage(channelId, boardTs)?.pinned ? { channelId, boardTs } : undefined;
    },
    timeoutMs,
    100,
  );
}

/**
 * Resolves once warroom has nothing left to do for these incidents: every effectful event's effects
 * applied (cursor at the end of the effect chain), no job but timers waiting, delayed or active in the
 * effects queue, and no Web API call for `quietMs`.
 */
export async function settle(ut: UnderTest, incidentIds: readonly string[], timeoutMs = 60_000, quietMs = 300) {
  const queue = ut.app.services.effects.queue;
  let calls = -1;
  let quietSince = performance.now();
  await poll(
    'warroom to finish the effects',
    async () => {
      if (ut.emulator.calls.length !== calls) {
        calls = ut.emulator.calls.length;
        quietSince = performance.now();
      }
      const pipeline = ut.redis.pipeline();
      for (const id of incidentIds) {
        pipeline.get(ut.keys.appliedCursor(id));
        pipeline.hget(ut.keys.effectChain(id), 'last');
      }
      const replies = (await pipeline.exec()) ?? [];
      for (let i = 0; i < replies.length; i += 2) {
        const applied = Number(replies[i]?.[1] ?? 0);
        const last = Number(replies[i + 1]?.[1] ?? 0);
        if (applied < last) return undefined;
      }
      const pending = await queue.getRanges(['waiting', 'active', 'delayed', 'prioritized'], 0, -1);
      if (pending.some((id) => !id.startsWith('timer.'))) return undefined;
      return performance.now() - quietSince >= quietMs ? true : undefined;
    },
    timeoutMs,
    100,
  );
  await ut.emulator.idle();
}
