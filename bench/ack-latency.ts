/** @module bench/ack-latency Ack latency of `/incident note` under concurrent load: a bare Bolt app vs warroom. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { MANIFEST_PATH, PROJECT_ROOT } from '../src/paths.js';
import { startWarroom } from '../src/runtime.js';
import { SlackEmulator } from '../src/sandbox/emulator.js';
import { readManifest } from '../src/sandbox/manifest.js';
import type { SlackUser } from '../src/sandbox/people.js';
import { keysFor } from '../src/store/keys.js';
import { startBareApp } from './bare-app.js';
import type { LoadReport } from './load-sender.js';
import { deletePrefix } from './redis-keys.js';
import { type Census, takeCensus } from './request-census.js';

const SIGNING_SECRET = 'benchsigningsecret0123456789abcd';
const BOT_TOKEN = 'xoxb-0000000001-bench-bot-token';
const SENDER = fileURLToPath(new URL('./load-sender.ts', import.meta.url));

export interface LoadOptions {
  redisUrl: string;
  concurrency: number;
  warmup: number;
  requests: number;
}

export interface AckLatencyResult {
  bare: LoadReport;
  warroom: LoadReport;
  /** warroom / bare. */
  ratio: { p50: number; p99: number; requestsPerSecond: number };
  /**
   * NoteAdded events in the incident's log after the run: must be warm-up + measured requests (`ok`).
   * `acked` is how many of those warroom answered 200 "Noted"; `found < acked` would mean an acked note was lost.
   */
  check: { expected: number; acked: number; found: number; ok: boolean };
  census: Census;
}

interface Target {
  url: string;
  channelId: string;
  channelName: string;
  user: SlackUser;
  expect: string;
  responseUrlBase: string;
}

/** Runs bench/load-sender.ts in its own process against `target`; resolves with what it printed. */
function runSender(target: Target, options: LoadOptions): Promise<LoadReport> {
  const child = spawn(process.execPath, ['--import', 'tsx', SENDER], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      BENCH_TARGET_URL: target.url,
      BENCH_SIGNING_SECRET: SIGNING_SECRET,
      BENCH_CHANNEL_ID: target.channelId,
      BENCH_CHANNEL_NAME: target.channelName,
      BENCH_USER_ID: target.user.id,
      BENCH_USER_NAME: target.user.profile.name,
      BENCH_EXPECT: target.expect,
      BENCH_RESPONSE_URL_BASE: target.responseUrlBase,
      BENCH_CONCURRENCY: String(options.concurrency),
      BENCH_WARMUP: String(options.warmup),
      BENCH_REQUESTS: String(options.requests),
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`load-sender exited with ${code}: ${stderr.trim()}`));
      else resolve(JSON.parse(line) as LoadReport);
    });
  });
}

async function poll<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function eventsOf(raw: string[]): { type: string; data: Record<string, unknown> }[] {
  return raw.map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });
}

/** Declares an incident and waits until its channel exists and its declare effects have all been applied. */
async function declareIncident(emulator: SlackEmulator, redis: Redis, prefix: string) {
  const keys = keysFor(prefix);
  await emulator.user('dana').command('declare sev1 Bench incident');
  const incidentId = await poll(
    'the incident id',
    async () => (await redis.zrange(keys.allIncidents, '0', '0'))[0],
    10_000,
  );
  const channelId = await poll(
    'the incident channel (ChannelCreated)',
    async () => {
      const created = eventsOf(await redis.lrange(keys.log(incidentId), 0, -1)).find(
        (e) => e.type === 'ChannelCreated',
      );
      return created ? String(created.data.channelId) : undefined;
    },
    20_000,
  );
  // Let the board, pins and topic land first, so the load does not race the declare's own effects.
  await poll(
    'the declare effects',
    async () => {
      const [length, applied] = await Promise.all([
        redis.llen(keys.log(incidentId)),
        redis.get(keys.appliedCursor(incidentId)),
      ]);
      return Number(applied ?? 0) >= length ? true : undefined;
    },
    20_000,
  );
  await emulator.idle();
  return { incidentId, channelId };
}

async function countNotes(redis: Redis, logKey: string): Promise<number> {
  return eventsOf(await redis.lrange(logKey, 0, -1)).filter((e) => e.type === 'NoteAdded').length;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/**
 * Sends the same signed `/incident note` load, from a separate process, first to a bare Bolt app and
 * then to warroom (role `all`, as `npm start` runs it), and checks every note warroom acked is in the log.
 */
export async function measureAckLatency(options: LoadOptions): Promise<AckLatencyResult> {
  const manifest = readManifest(MANIFEST_PATH);
  const emulator = await SlackEmulator.start({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    scopes: manifest.scopes,
    events: manifest.events,
  });
  const redis = new Redis(options.redisUrl);
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const dana = emulator.user('dana');
  try {
    const bareApp = await startBareApp({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, apiUrl: emulator.apiUrl });
    let bare: LoadReport;
    try {
      const general = emulator.workspace.channels.get('C0GENERAL01');
      bare = await runSender(
        {
          url: bareApp.url,
          channelId: 'C0GENERAL01',
          channelName: general?.name ?? 'general',
          user: dana,
          expect: 'ok',
          responseUrlBase: emulator.baseUrl,
        },
        options,
      );
    } finally {
      await bareApp.stop();
    }

    const config = loadConfig(
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: emulator.apiUrl,
        REDIS_URL: options.redisUrl,
        PORT: '0',
        WARROOM_KEY_PREFIX: prefix,
        INCIDENT_ANNOUNCE_CHANNEL: 'C0INCIDENTS',
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
      },
      'all',
    );
    const app = await startWarroom(config, 'all', createLogger(config.logLevel));
    let warroom: LoadReport;
    let found: number;
    let census: Census;
    try {
      emulator.connectHttp(`http://127.0.0.1:${app.port}/slack/events`);
      const { incidentId, channelId } = await declareIncident(emulator, redis, prefix);
      // Diagnostic knob: with the effects queue paused, only the request path is measured, not the workers.
      if (process.env.BENCH_PAUSE_WORKERS === '1') await app.services.effects.queue.pause();
      const counting = takeCensus(app);
      try {
        warroom = await runSender(
          {
            url: `http://127.0.0.1:${app.port}/slack/events`,
            channelId,
            channelName: emulator.workspace.channels.get(channelId)?.name ?? 'unknown',
            user: dana,
            expect: 'Noted on the timeline',
            responseUrlBase: emulator.baseUrl,
          },
          options,
        );
      } finally {
        counting.stop();
      }
      census = counting.census;
      found = await countNotes(redis, keysFor(prefix).log(incidentId));
    } finally {
      await emulator.idle();
      await app.stop();
    }
    const expected = options.warmup + options.requests;
    return {
      bare,
      warroom,
      ratio: {
        p50: ratio(warroom.latencyMs.p50, bare.latencyMs.p50),
        p99: ratio(warroom.latencyMs.p99, bare.latencyMs.p99),
        requestsPerSecond: ratio(warroom.requestsPerSecond, bare.requestsPerSecond),
      },
      check: { expected, acked: warroom.warmupOk + warroom.ok, found, ok: found === expected },
      census,
    };
  } finally {
    await emulator.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  }
}
