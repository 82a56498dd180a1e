/**
 * The test harness: a local Slack emulator and a real warroom process (in this test process) on a real
 * Redis, wired together over loopback HTTP (or Socket Mode), each test run on its own key prefix.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { loadConfig, type Role } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { MANIFEST_PATH, TEMPLATES_DIR } from '../../src/paths.js';
import type { EffectContext } from '../../src/queue/context.js';
import { jobSlackClient } from '../../src/queue/workers.js';
import { freePort } from '../../src/redis/throwaway.js';
import { type Running, startWarroom } from '../../src/runtime.js';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { readManifest } from '../../src/sandbox/manifest.js';

export const SIGNING_SECRET = 'sandboxsigningsecret0123456789ab';
export const BOT_TOKEN = 'xoxb-0000000001-sandbox-bot-token';
export const APP_TOKEN = 'xapp-1-A0WARROOM-sandbox-app-token';

export interface Harness {
  emulator: SlackEmulator;
  app: Running;
  /** A plain connection to the same Redis, for looking at what was recorded. */
  redis: Redis;
  prefix: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  mode?: 'http' | 'socket';
  role?: Role;
  env?: Record<string, string>;
  /** Template files to replace (path inside templates/ → content), e.g. short timers for tests. */
  templates?: Record<string, string>;
}

/** A copy of the project's templates with some files replaced. */
export function templatesWith(overrides: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-templates-'));
  cpSync(TEMPLATES_DIR, dir, { recursive: true });
  for (const [file, content] of Object.entries(overrides)) writeFileSync(join(dir, file), content);
  return dir;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const manifest = readManifest(MANIFEST_PATH);
  const mode = options.mode ?? 'http';
  const emulator = await SlackEmulator.start({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    scopes: manifest.scopes,
    events: manifest.events,
  });
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const redisUrl = options.env?.REDIS_URL ?? inject('redisUrl');
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: emulator.apiUrl,
    REDIS_URL: redisUrl,
    // A fixed port the test picks, as users set PORT (never only PORT=0).
    PORT: String(await freePort()),
    WARROOM_KEY_PREFIX: prefix,
    INCIDENT_ANNOUNCE_CHANNEL: 'C0INCIDENTS',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // warroom paces its own Slack calls (slack/pacing/): one post a second per channel, the tiers per
    // minute. Tests of what warroom does run Slack's minute 100 times faster, so a burst of clicks is not
    // spread over minutes; test/slack/pacing/ holds the pacing itself to Slack's real rates.
    WARROOM_DRILL_RATE_SCALE: '100',
    ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    ...(options.templates ? { WARROOM_TEMPLATES_DIR: templatesWith(options.templates) } : {}),
    ...options.env,
  };
  const config = loadConfig(env, options.role ?? 'all');
  const app = await startWarroom(config, options.role ?? 'all', createLogger(config.logLevel));
  if (mode === 'socket') {
    emulator.connectSocketMode();
    await emulator.waitForSocketConnection();
  } else {
    emulator.connectHttp(`http://127.0.0.1:${app.port}/slack/events`);
  }
  const redis = new Redis(redisUrl);
  return {
    emulator,
    app,
    redis,
    prefix,
    env,
    stop: async () => {
      await emulator.idle();
      await app.stop();
      await emulator.stop();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** What a job processor works with, on the harness's warroom and Redis: for calling effects directly. */
export function effectContextOf(h: Harness): EffectContext {
  const { config, store, deploys, effects, templates } = h.app.services;
  const logger = createLogger('silent');
  return {
    config,
    logger,
    store,
    deploys,
    effects,
    templates,
    redis: h.redis,
    slack: jobSlackClient({ config, logger }),
  };
}
