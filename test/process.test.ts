import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MANIFEST_PATH } from '../src/paths.js';
import { SlackEmulator } from '../src/sandbox/emulator.js';
import { readManifest } from '../src/sandbox/manifest.js';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET } from './support/harness.js';
import { freePort, runNpm, runWarroom } from './support/process.js';

describe('warroom as a process', () => {
  let emulator: SlackEmulator;
  beforeAll(async () => {
    const manifest = readManifest(MANIFEST_PATH);
    emulator = await SlackEmulator.start({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      scopes: manifest.scopes,
      events: manifest.events,
    });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('should exit 1 with one message naming every missing variable and no stack trace', async () => {
    const run = runWarroom([], {});
    expect(await run.exited).toBe(1);
    const output = run.output();
    expect(output).toContain('SLACK_BOT_TOKEN is missing');
    expect(output).toContain('SLACK_SIGNING_SECRET is missing');
    expect(output).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('should never print a secret it was given, even an invalid one', async () => {
    const run = runWarroom([], { SLACK_BOT_TOKEN: 'xoxp-user-token-leak', PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(run.output()).not.toContain('xoxp-user-token-leak');
    expect(run.output()).toContain('PORT must be a whole number from 0 to 65535 (got "eighty")');
  });

  it('should serve /incident help to a signed request, answer /readyz, and exit 0 on SIGTERM', async () => {
    const port = await freePort();
    const run = runWarroom(['all'], {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.apiUrl,
      REDIS_URL: inject('redisUrl'),
      PORT: String(port),
      WARROOM_KEY_PREFIX: `test-process-${port}`,
    });
    await run.waitForOutput(/warroom is up/);
    emulator.connectHttp(`http://127.0.0.1:${port}/slack/events`);
    const answer = await emulator.user('dana').command('help');
    expect(answer.ackText).toContain('/incident help');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('warroom stopped');
  });

  it('should wait for Redis with a clear message instead of crashing, and start once Redis is there', async () => {
    const redisPort = await freePort();
    const port = await freePort();
    const run = runWarroom(['worker'], {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: emulator.apiUrl,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      PORT: String(port),
    });
    await run.waitForOutput(/Redis at redis:\/\/127\.0\.0\.1:\d+ is not answering \(ECONNREFUSED\); retrying/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    const redis = spawn('redis-server', ['--port', String(redisPort), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    try {
      await run.waitForOutput(/warroom is up/);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(run.output()).not.toMatch(/\n\s+at /);
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
    } finally {
      redis.kill('SIGTERM');
    }
  });

  it('should run `npm start` in Socket Mode on a fixed port: one server there, health and commands answered', async () => {
    const port = await freePort();
    const run = runNpm('start', {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: emulator.apiUrl,
      REDIS_URL: inject('redisUrl'),
      PORT: String(port),
      WARROOM_KEY_PREFIX: `test-npm-start-${port}`,
    });
    try {
      await run.waitForOutput(/warroom is up/, 60_000);
      expect(run.output()).not.toContain('EADDRINUSE');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      // Socket Mode serves no Slack endpoint over HTTP.
      expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).status).toBe(404);
      emulator.connectSocketMode();
      await emulator.waitForSocketConnection();
      const answer = await emulator.user('dana').command('help');
      expect(answer.ackText).toContain('/incident help');
    } finally {
      // npm and warroom are one process group, as under a terminal's Ctrl-C or a supervisor.
      if (run.child.pid) process.kill(-run.child.pid, 'SIGTERM');
    }
    await run.exited;
    await run.waitForOutput(/warroom stopped/);
  }, 90_000);

  it('should print a configuration problem from `npm start` and exit 1', async () => {
    const run = runNpm('start', { SLACK_BOT_TOKEN: 'xoxb-ok', PORT: '99999' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('PORT must be a whole number from 0 to 65535 (got "99999")');
    expect(run.output()).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('should run on a Redis with a password, as docker compose sets it up, and never print the password', async () => {
    const redisPort = await freePort();
    const port = await freePort();
    const password = 'compose0redis0password0123';
    const redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--save', '', '--appendonly', 'no', '--requirepass', password],
      { stdio: 'ignore' },
    );
    try {
      const wrong = runWarroom(['worker'], {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: emulator.apiUrl,
        REDIS_URL: `redis://:wrong0password@127.0.0.1:${redisPort}`,
        PORT: String(port),
      });
      await wrong.waitForOutput(/WRONGPASS|NOAUTH|invalid username-password/);
      expect(wrong.output()).not.toContain('wrong0password');
      wrong.child.kill('SIGTERM');
      await wrong.exited;

      const run = runWarroom(['worker'], {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: emulator.apiUrl,
        REDIS_URL: `redis://:${password}@127.0.0.1:${redisPort}`,
        PORT: String(port),
        LOG_LEVEL: 'debug',
      });
      await run.waitForOutput(/warroom is up/);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.output()).not.toContain(password);
    } finally {
      redis.kill('SIGTERM');
    }
  }, 30_000);
});
