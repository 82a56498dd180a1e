/**
 * @module demo/main
 * `npm run demo`: warroom against the local Slack and GitHub emulators and a Redis, a bad-deploy drill
 * played by several responders (the deploys, the suspect and the rollback coming through GitHub), and
 * the Markdown and HTML postmortem written to ./out/.
 */

import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
import {
  GITHUB_TOKEN,
  GITHUB_WEBHOOK_SECRET,
  startGitHub,
  templatesWithCatalog,
  workflowDispatches,
} from './github.js';

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
  const github = await startGitHub();
  const templatesDir = templatesWithCatalog();
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
    WARROOM_TEMPLATES_DIR: templatesDir,
    GITHUB_API_URL: github.apiUrl,
    GITHUB_TOKEN,
    GITHUB_WEBHOOK_SECRET,
    LOG_LEVEL: process.env.LOG_LEVEL || 'silent',
  });
  const app = await startWarroom(config, 'all', createLogger(config.logLevel));
  emulator.connectHttp(`http://127.0.0.1:${app.port}/slack/events`);
  github.connectWebhook(`http://127.0.0.1:${app.port}/hooks/github`);
  say(
    `warroom is running against the local Slack emulator (${emulator.baseUrl}), the local GitHub (${github.apiUrl}) and Redis (${redis.url}).\n`,
  );
  const started = Date.now();
  try {
    const { incidentId, channel } = await runDrill(
      { slack: emulator, github, log: (id) => app.services.store.readEvents(id) },
      say,
      Number(process.env.DEMO_PACE_MS || 600),
    );
    await emulator.idle();
    await github.idle();
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
    const dispatches = workflowDispatches(github);
    const deliveries = github.deliveries;
    const taken = deliveries.filter((d) => d.outcome?.kind === 'answered' && d.outcome.status < 300).length;
    say(
      `  GitHub: ${dispatches.length} workflow ${dispatches.length === 1 ? 'dispatch' : 'dispatches'} (${dispatches.join('; ')}); ` +
        `${deliveries.length} webhook deliveries, ${taken} answered 2xx` +
        (github.problems.length > 0 ? `; problems: ${github.problems.join(' | ')}` : ''),
    );
    say('  (the drill runs in seconds, so durations read "0 min": the times themselves are exact)');
    say(`Postmortem written to: ${written.join(', ')}`);
  } finally {
    await app.stop();
    await emulator.stop();
    await github.stop();
    rmSync(templatesDir, { recursive: true, force: true });
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
