/**
 * The pieces of a fault drill: a Redis of its own (AOF everysec, restartable), warroom web and worker
 * processes that can be killed with SIGKILL and started again, and the Slack emulator in front.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MANIFEST_PATH, PROJECT_ROOT } from '../../src/paths.js';
import { freePort, redisAnswersAt } from '../../src/redis/throwaway.js';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { readManifest } from '../../src/sandbox/manifest.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/harness.js';
import type { Topology } from './topologies.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A redis-server with AOF (everysec) in a folder of its own, that can be shut down and started again. */
export class DrillRedis {
  private child: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'warroom-redis-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<DrillRedis> {
    const redis = new DrillRedis(await freePort());
    await redis.boot();
    return redis;
  }

  async boot(): Promise<void> {
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 200 && !(await redisAnswersAt(this.url)); i += 1) await sleep(25);
  }

  /** A clean restart: SHUTDOWN (AOF flushed), then start again on the same data. */
  async restart(downMs: number): Promise<void> {
    const exited = new Promise((resolve) => this.child?.once('exit', resolve));
    const admin = new Redis(this.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    admin.on('error', () => undefined);
    await admin.call('SHUTDOWN').catch(() => undefined);
    admin.disconnect();
    await exited;
    await sleep(downMs);
    await this.boot();
  }

  /** The process dies at once (the OS keeps what Redis had written to its AOF file). */
  async kill9AndStart(downMs: number): Promise<void> {
    const exited = new Promise((resolve) => this.child?.once('exit', resolve));
    this.child?.kill('SIGKILL');
    await exited;
    await sleep(downMs);
    await this.boot();
  }

  stop(): void {
    this.child?.kill('SIGKILL');
  }
}

/** One warroom process (`web` or `worker`), started like `npm run web|worker` (from the sources). */
export class WarroomProcess {
  private child: ChildProcess | undefined;
  private output = '';
  constructor(
    readonly role: 'web' | 'worker',
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/slack/events`;
  }

  get log(): string {
    return this.output;
  }

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', this.role], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const append = (chunk: Buffer) => {
      this.output += chunk.toString();
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    const deadline = Date.now() + 30_000;
    while (!this.output.includes('warroom is up')) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`${this.role} did not start:\n${this.output}`);
      await sleep(50);
    }
  }

  /** Resolves when GET /readyz answers 200 (Redis answers this process). */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const status = await fetch(`http://127.0.0.1:${this.port}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      await sleep(100);
    }
    throw new Error(`${this.role} on ${this.port} not ready after ${timeoutMs} ms`);
  }

  /** SIGKILL: no goodbye, jobs in flight are abandoned. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
  }
}

export interface Drill {
  /** The Redis of a single-server drill (undefined on a Sentinel or Cluster topology). */
  redis: DrillRedis;
  /** A client to the drill's Redis as it is now. */
  connect(): Redis;
  emulator: SlackEmulator;
  webs: WarroomProcess[];
  workers: WarroomProcess[];
  prefix: string;
  stop(): Promise<void>;
}

export async function startDrill(options: {
  webs: number;
  workers: number;
  prefix: string;
  /** The emulator throttles as Slack does (per-method tiers, a message a second per channel). */
  rateTiers?: boolean;
  /** A Sentinel set or a Cluster instead of one server (see topologies.ts). */
  topology?: Topology;
  /** More variables for warroom (REDIS_MIN_REPLICAS_ACK…). */
  env?: Record<string, string>;
}): Promise<Drill> {
  const redis = options.topology ? (undefined as unknown as DrillRedis) : await DrillRedis.start();
  const manifest = readManifest(MANIFEST_PATH);
  const emulator = await SlackEmulator.start({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    scopes: manifest.scopes,
    events: manifest.events,
    rateTiers: options.rateTiers ?? false,
  });
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: emulator.apiUrl,
    ...(options.topology ? options.topology.env : { REDIS_URL: redis.url }),
    WARROOM_KEY_PREFIX: options.prefix,
    INCIDENT_ANNOUNCE_CHANNEL: 'C0INCIDENTS',
    LOG_LEVEL: process.env.DRILL_LOG_LEVEL ?? 'info',
    // Without the emulator's tiers, warroom's own pacing runs Slack's minute 100 times faster (the
    // drill is about Redis and processes failing, not about Slack's limits); with them, at Slack's pace.
    ...(options.rateTiers ? {} : { WARROOM_DRILL_RATE_SCALE: '100' }),
    ...options.env,
  };
  const webs = await Promise.all(
    Array.from({ length: options.webs }, async () => new WarroomProcess('web', await freePort(), env)),
  );
  const workers = await Promise.all(
    Array.from({ length: options.workers }, async () => new WarroomProcess('worker', await freePort(), env)),
  );
  await Promise.all([...webs, ...workers].map((p) => p.start()));
  emulator.connectHttp(webs.map((w) => w.url));
  return {
    redis,
    connect: () => options.topology?.connect() ?? new Redis(redis.url),
    emulator,
    webs,
    workers,
    prefix: options.prefix,
    stop: async () => {
      await Promise.all([...webs, ...workers].map((p) => p.stop()));
      await emulator.stop();
      if (options.topology) await options.topology.stop();
      else redis.stop();
    },
  };
}
