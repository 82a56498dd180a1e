/**
 * @module demo/main
 * `npm run demo`: warroom against the local Slack emulator and a Redis, a bad-deploy drill played by
 * several responders, and the Markdown and HTML postmortem written to ./out/.
 */

import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../config.js';
import { exportIncident } from '../export/run.js';
import { formatDuration } from '../incident/durations.js';
import { createLogger } from '../log.js';
import { MANIFEST_PATH } from '../paths.js';
import { ensureRedis } from '../redis/throwaway.js';
import { startWarroom } from '../runtime.js';
import { SlackEmulator } from '../sandbox/emulator.js';
import { readManifest } from '../sandbox/manifest.js';
import { runDrill } from './drill.js';

const SIGNING_SECRET = 'demosigningsecret0123456789abcdef';
const BOT_TOKEN = 'xoxb-demo-bot-token';

function minutes(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms);
}

async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const redis = await ensureRedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const manifest = readManifest(MANIFEST_PATH);
  const emulator = await SlackEmulator.start({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    scopes: manifest.scopes,
    events: manifest.events,
  });
  const prefix = `demo-${randomUUID().slice(0, 8)}`;
  const timeZone = process.env.WARROOM_TIMEZONE || 'Europe/Madrid';
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.apiUrl,
    REDIS_URL: redis.url,
    PORT: '0',
    INCIDENT_ANNOUNCE_CHANNEL: 'C0INCIDENTS',
    DEPLOY_CHANNEL: 'C0DEPLOYS01',
    WARROOM_TIMEZONE: timeZone,
    WARROOM_KEY_PREFIX: prefix,
    LOG_LEVEL: process.env.LOG_LEVEL || 'silent',
  });
  const app = await startWarroom(config, 'all', createLogger(config.logLevel));
  emulator.connectHttp(`http://127.0.0.1:${app.port}/slack/events`);
  say(`warroom is running against the local Slack emulator (${emulator.baseUrl}) and Redis (${redis.url}).\n`);
  const started = Date.now();
  try {
    const { incidentId, channel } = await runDrill(emulator, say, Number(process.env.DEMO_PACE_MS || 600));
    await emulator.idle();
    const people = Object.fromEntries([...emulator.workspace.users.values()].map((u) => [u.id, u.realName]));
    const out = join(process.cwd(), 'out');
    mkdirSync(out, { recursive: true });
    const written: string[] = [];
    let metrics: Awaited<ReturnType<typeof exportIncident>> | undefined;
    for (const format of ['md', 'html'] as const) {
      const result = await exportIncident(app.services.store, app.services.templates, incidentId, format, {
        timeZone,
        now: Date.now(),
        people,
      });
      if (!result) throw new Error(`${incidentId} has no log`);
      const file = join(out, result.filename);
      writeFileSync(file, result.content);
      written.push(relative(process.cwd(), file) || file);
      metrics = result;
    }
    const m = metrics?.timeline.metrics;
    const calls = emulator.calls;
    say('');
    say(
      `${incidentId} · ${channel.name} · drill took ${formatDuration(Date.now() - started)} (${Math.round((Date.now() - started) / 1000)} s)`,
    );
    say(
      `  time to identify ${minutes(m?.timeToIdentifyMs ?? null)} · to roll back ${minutes(m?.timeToRollbackMs ?? null)} · to first communication ${minutes(m?.timeToFirstCommunicationMs ?? null)} · to resolve ${minutes(m?.timeToResolveMs ?? null)}`,
    );
    const refused = calls.filter((c) => !c.ok).map((c) => `${c.method}: ${c.error ?? c.status}`);
    say(
      `  ${metrics?.timeline.entries.length ?? 0} timeline entries; ${calls.length} Slack Web API calls` +
        (refused.length > 0 ? `, ${refused.length} answered ok:false (${refused.join(', ')})` : ''),
    );
    say('  (the drill runs in seconds, so durations read "0 min": the times themselves are exact)');
    say(`Postmortem written to: ${written.join(', ')}`);
  } finally {
    await app.stop();
    await emulator.stop();
    const cleanup = new Redis(redis.url);
    const keys = await cleanup.keys(`${prefix}:*`);
    if (keys.length > 0) await cleanup.del(...keys);
    await cleanup.quit();
    redis.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
