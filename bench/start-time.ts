/**
 * @module bench/start-time
 * How long `npm start` takes to be of use, as a user runs it after `npm ci`: from spawning the start
 * script (`node bin/start.js all`, what `npm start` runs, on the build `npm ci` made) to `GET /healthz`
 * answering 200, and to a configuration error being printed. Each run is a fresh process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { MANIFEST_PATH, PROJECT_ROOT } from '../src/paths.js';
import { freePort } from '../src/redis/throwaway.js';
import { SlackEmulator } from '../src/sandbox/emulator.js';
import { readManifest } from '../src/sandbox/manifest.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/support/harness.js';
import { type LatencySummary, summarize } from './latency-summary.js';

export interface StartResult {
  runs: number;
  toHealthzMs: LatencySummary;
  toConfigErrorMs: LatencySummary;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timeToHealthz(env: Record<string, string>, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', 'bin/start.js', 'all'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`warroom exited with ${child.exitCode} before /healthz answered`);
      if (performance.now() - started > 60_000) throw new Error('/healthz did not answer within 60 s');
      await sleep(10);
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

function timeToConfigError(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/start.js', 'all'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('configuration problem')) resolve(performance.now() - started);
    });
    child.once('exit', (code) => (code === 1 ? undefined : reject(new Error(`exit ${code} without a config error`))));
  });
}

export async function measureStart(options: { redisUrl: string; runs: number }): Promise<StartResult> {
  // As after `npm ci` (its prepare script builds): a build of the current sources, not timed.
  const built = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the build failed');
  const manifest = readManifest(MANIFEST_PATH);
  const emulator = await SlackEmulator.start({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    scopes: manifest.scopes,
    events: manifest.events,
  });
  try {
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: emulator.apiUrl,
      REDIS_URL: options.redisUrl,
      WARROOM_KEY_PREFIX: 'bench-start',
      LOG_LEVEL: 'silent',
    };
    const healthz: number[] = [];
    const configError: number[] = [];
    for (let i = 0; i < options.runs; i += 1) {
      healthz.push(await timeToHealthz(env, await freePort()));
      configError.push(await timeToConfigError());
    }
    return { runs: options.runs, toHealthzMs: summarize(healthz), toConfigErrorMs: summarize(configError) };
  } finally {
    await emulator.stop();
  }
}
