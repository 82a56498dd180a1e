/**
 * @module demo/main
 * `npm run demo`: warroom against the local Slack, GitHub and Prometheus emulators and a Redis, a
 * bad-deploy drill played by several responders on a scripted clock (the night of 28 November 2026, from
 * 02:40 to 04:40 in the display time zone, in a few seconds), and the Markdown and HTML postmortem
 * written to ./out/.
 */

import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../config.js';
import type { Durations } from '../export/model.js';
import { exportIncident } from '../export/run.js';
import { formatDuration } from '../incident/durations.js';
import { createLogger } from '../log.js';
import { MANIFEST_PATH } from '../paths.js';
import { ensureRedis } from '../redis/throwaway.js';
import { startWarroom } from '../runtime.js';
import { SlackEmulator } from '../sandbox/emulator.js';
import { readManifest } from '../sandbox/manifest.js';
import { templatesWithCatalog } from './catalog.js';
import { startScriptedClock } from './clock.js';
import { NIGHT, runDrill } from './drill.js';
import { GITHUB_TOKEN, GITHUB_WEBHOOK_SECRET, startGitHub, workflowDispatches } from './github.js';
import { startPrometheus } from './metric.js';

const SIGNING_SECRET = 'demosigningsecret0123456789abcdef';
const BOT_TOKEN = 'xoxb-demo-bot-token';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The postmortem's key durations, one a line, each with its definition. */
function durationLines(durations: Durations): string[] {
  const names: [keyof Durations, string][] = [
    ['detect', 'detect'],
    ['acknowledge', 'acknowledge'],
    ['identify', 'identify'],
    ['mitigate', 'mitigate'],
    ['resolve', 'resolve'],
    ['firstExternal', 'first external message'],
  ];
  return names.map(([key, name]) => {
    const { ms, definition } = durations[key];
    return `  time to ${name}: ${ms === null ? '—' : formatDuration(ms)} (${definition})`;
  });
}

async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const timeZone = process.env.WARROOM_TIMEZONE || 'Europe/Madrid';
  // Before anything is built: whatever reads Date.now() reads the night's time.
  const clock = startScriptedClock(NIGHT.date, timeZone, NIGHT.quietFrom);
  const started = performance.now();
  const redis = await ensureRedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const manifest = readManifest(MANIFEST_PATH);
  const emulator = await SlackEmulator.start({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    scopes: manifest.scopes,
    events: manifest.events,
  });
  const github = await startGitHub();
  const prometheus = await startPrometheus({
    errorsFrom: clock.instant(NIGHT.errorsFrom),
    peakAt: clock.instant(NIGHT.peakAt),
    fallFrom: clock.instant(NIGHT.fallFrom),
    healthyFrom: clock.instant(NIGHT.healthyFrom),
  });
  const templatesDir = templatesWithCatalog();
  const prefix = `demo-${randomUUID().slice(0, 8)}`;
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
    PROMETHEUS_URL: prometheus.baseUrl,
    // The night's two hours pass in seconds: Slack's rate limits (one post a second per channel) pass
    // as fast, or warroom's own pacing would spread the drill's posts over half a minute.
    WARROOM_DRILL_RATE_SCALE: '100',
    LOG_LEVEL: process.env.LOG_LEVEL || 'silent',
  });
  const app = await startWarroom(config, 'all', createLogger(config.logLevel));
  emulator.connectHttp(`http://127.0.0.1:${app.port}/slack/events`);
  github.connectWebhook(`http://127.0.0.1:${app.port}/hooks/github`);
  say(
    `warroom is running against the local Slack emulator (${emulator.baseUrl}), the local GitHub (${github.apiUrl}), ` +
      `the local Prometheus (${prometheus.baseUrl}) and Redis (${redis.url}).`,
  );
  say(`The clock is scripted: the night of ${NIGHT.date} from ${NIGHT.quietFrom}, in ${timeZone}.\n`);
  const { store, effects } = app.services;
  /** Nothing in flight: no request to or from an emulator, no job waiting or running, no effect still to apply. */
  const settle = async () => {
    for (let quiet = 0; quiet < 2; ) {
      await Promise.all([emulator.idle(), github.idle(), prometheus.idle()]);
      const jobs = await effects.queue.getJobCounts('waiting', 'active', 'prioritized');
      const pending = await store.pendingEffects(Number.MAX_SAFE_INTEGER, 1);
      const busy = Object.values(jobs).some((n) => n > 0) || pending.length > 0;
      quiet = busy ? 0 : quiet + 1;
      await pause(busy ? 20 : 5);
    }
  };
  try {
    const { incidentId, channel } = await runDrill(
      { slack: emulator, github, log: (id) => store.readEvents(id), settle, clock, timeZone },
      say,
      Number(process.env.DEMO_PACE_MS || 0),
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
    say(`${incidentId} · #${channel.name} · the drill took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (m) for (const line of durationLines(m.durations)) say(line);
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
    const polls = prometheus.calls.length;
    say(`  Prometheus: ${polls} ${polls === 1 ? 'query' : 'queries'} of the checkout error rate`);
    say(`Postmortem written to: ${written.join(', ')}`);
  } finally {
    await app.stop();
    await emulator.stop();
    await github.stop();
    await prometheus.stop();
    clock.stop();
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
