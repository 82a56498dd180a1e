/**
 * @module bench/under-test
 * warroom as the benchmarks run it (role `all`, as `npm start` runs it) on its own key prefix, with the
 * Slack emulator in this process: warroom either in this process too (when a section counts what happens
 * inside it) or as a process of its own, as deployed, so that the emulator's work (Slack's, in real
 * life) is not done on warroom's event loop. Declaring incidents and waiting until their effects are done.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { MANIFEST_PATH, PROJECT_ROOT } from '../src/paths.js';
import { EFFECTS_QUEUE } from '../src/queue/names.js';
import { freePort } from '../src/redis/throwaway.js';
import { type Running, startWarroom } from '../src/runtime.js';
import { SlackEmulator } from '../src/sandbox/emulator.js';
import type { Latency } from '../src/sandbox/latency.js';
import { readManifest } from '../src/sandbox/manifest.js';
import { type Keys, keysFor } from '../src/store/keys.js';
import { deletePrefix } from './redis-keys.js';

export const SIGNING_SECRET = 'benchsigningsecret0123456789abcd';
export const BOT_TOKEN = 'xoxb-0000000001-bench-bot-token';

export interface UnderTest {
  emulator: SlackEmulator;
  /** warroom, when it runs in this process (`inProcess: true`). */
  app: Running | undefined;
  /** Where warroom takes Slack's requests. */
  eventsUrl: string;
  /** warroom's effects queue (a handle of the bench's own when warroom runs apart). */
  queue: Queue;
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

export interface UnderTestOptions {
  /** Run warroom in this process (true) or as a process of its own (false, the default). */
  inProcess?: boolean;
  /** The emulator answers 429 over Slack's per-method rate tiers (as Slack does), instead of never. */
  rateTiers?: boolean;
  /**
   * A drill's Slack minute: the emulator's tiers and warroom's rate budget both run this many times
   * faster (`rateTierTimeScale`, `WARROOM_DRILL_RATE_SCALE`); 1, Slack's own pace, by default.
   */
  rateTierScale?: number;
  /** How slowly the emulator answers Web API calls (src/sandbox/latency.ts); at once by default. */
  latency?: Latency;
  /** More of warroom's environment (e.g. `REDIS_MIN_REPLICAS_ACK`). */
  env?: Record<string, string>;
}

/** Starts the emulator and warroom on a fresh `bench-<random>` prefix; `stop()` also deletes the prefix's keys. */
export async function startUnderTest(redisUrl: string, options: UnderTestOptions = {}): Promise<UnderTest> {
  const manifest = readManifest(MANIFEST_PATH);
  const emulator = await SlackEmulator.start({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    scopes: manifest.scopes,
    events: manifest.events,
    rateTiers: options.rateTiers ?? false,
    rateTierTimeScale: options.rateTierScale ?? 1,
    ...(options.latency !== undefined ? { latency: options.latency, latencySeed: 18 } : {}),
  });
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.apiUrl,
    REDIS_URL: redisUrl,
    WARROOM_KEY_PREFIX: prefix,
    INCIDENT_ANNOUNCE_CHANNEL: 'C0INCIDENTS',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    WARROOM_DRILL_RATE_SCALE: String(options.rateTierScale ?? 1),
    ...options.env,
  };
  const redis = new Redis(redisUrl);
  let app: Running | undefined;
  let port: number;
  let stopApp: () => Promise<void>;
  if (options.inProcess) {
    const config = loadConfig({ ...env, PORT: '0' }, 'all');
    const running = await startWarroom(config, 'all', createLogger(config.logLevel));
    app = running;
    port = running.port;
    stopApp = () => running.stop();
  } else {
    port = await freePort();
    ({ stop: stopApp } = await spawnWarroom({ ...env, PORT: String(port) }));
  }
  emulator.connectHttp(`http://127.0.0.1:${port}/slack/events`);
  const queue =
    app?.services.effects.queue ?? new Queue(EFFECTS_QUEUE, { connection: redis, prefix: `${prefix}:bull` });
  return {
    emulator,
    app,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    queue,
    redis,
    prefix,
    keys: keysFor(prefix),
    stop: async () => {
      await emulator.idle();
      await stopApp();
      if (!app) await queue.close();
      await emulator.stop();
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}

/** `node --import tsx src/main.ts all` (what `npm start` runs, from the sources); resolves once /readyz answers. */
async function spawnWarroom(env: Record<string, string>): Promise<{ stop(): Promise<void> }> {
  // BENCH_WARROOM_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, to profile warroom alone.
  const nodeArgs = (process.env.BENCH_WARROOM_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts', 'all'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = `http://127.0.0.1:${env.PORT}/readyz`;
  await poll(
    'warroom to answer /readyz',
    async () => {
      if (child.exitCode !== null) throw new Error(`warroom exited with code ${child.exitCode} before it was ready`);
      const answer = await fetch(ready).catch(() => undefined);
      return answer?.ok ? true : undefined;
    },
    30_000,
    100,
  );
  return {
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`warroom exited with code ${code} on SIGTERM`);
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
  const { queue } = ut;
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
