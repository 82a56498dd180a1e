/**
 * Redis set-ups with failover, from real local servers, for the fault suite: a Sentinel set (a primary
 * with AOF, one replica, three sentinels) and a six-node Cluster (three primaries, three replicas,
 * `redis-cli --cluster create`). Each says how warroom reaches it (the environment), gives a plain
 * client to look at what was recorded, and can kill a primary with SIGKILL.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { freePort, redisAnswersAt } from '../../src/redis/throwaway.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How warroom and the drill reach a Redis set-up. */
export interface Topology {
  /** The variables warroom is started with. */
  env: Record<string, string>;
  /** A client to the set-up as it is now (after a failover too). */
  connect(): Redis;
  stop(): Promise<void>;
}

class Server {
  child: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'warroom-ha-'));
  constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async boot(extra: string[] = []): Promise<void> {
    this.child = spawn(
      'redis-server',
      [
        ...this.args,
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
        // Redis waits 5 s for more replicas before a diskless full sync by default: a failover inside
        // that window would promote a replica that has nothing yet.
        '--repl-diskless-sync-delay',
        '0',
        ...extra,
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 400 && !(await redisAnswersAt(this.url)); i += 1) await sleep(25);
  }

  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }
}

async function admin<T>(url: string, run: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    return await run(redis);
  } finally {
    redis.disconnect();
  }
}

export const MASTER_NAME = 'drillprimary';

/** A primary, its replica and three sentinels (quorum 2, down after 1 s). */
export class SentinelSet implements Topology {
  private constructor(
    private primary: Server,
    private replica: Server,
    private readonly sentinels: { port: number; child: ChildProcess }[],
  ) {}

  static async start(): Promise<SentinelSet> {
    const primary = new Server(await freePort(), []);
    await primary.boot();
    const replica = new Server(await freePort(), []);
    await replica.boot(['--replicaof', '127.0.0.1', String(primary.port)]);
    const sentinels: { port: number; child: ChildProcess }[] = [];
    for (let i = 0; i < 3; i += 1) {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'warroom-sentinel-'));
      const file = join(dir, 'sentinel.conf');
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${primary.port} 2`,
          `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
          `sentinel failover-timeout ${MASTER_NAME} 5000`,
          `sentinel parallel-syncs ${MASTER_NAME} 1`,
          '',
        ].join('\n'),
      );
      const child = spawn('redis-server', [file, '--sentinel'], { stdio: 'ignore' });
      sentinels.push({ port, child });
    }
    const set = new SentinelSet(primary, replica, sentinels);
    await set.waitForPrimary(primary.port, 20_000);
    await set.waitForReplicas(1, 20_000);
    return set;
  }

  get env(): Record<string, string> {
    return {
      REDIS_SENTINELS: this.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
      REDIS_SENTINEL_NAME: MASTER_NAME,
    };
  }

  connect(): Redis {
    return new Redis({
      sentinels: this.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
      name: MASTER_NAME,
    });
  }

  /** The port the sentinels say the primary is on. */
  async primaryPort(): Promise<number> {
    const sentinel = this.sentinels[0] as { port: number };
    const answer = (await admin(`redis://127.0.0.1:${sentinel.port}`, (r) =>
      r.call('SENTINEL', 'get-master-addr-by-name', MASTER_NAME),
    )) as [string, string] | null;
    return Number(answer?.[1] ?? 0);
  }

  async waitForPrimary(port: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.primaryPort().catch(() => 0)) !== port) {
      if (Date.now() > deadline) throw new Error(`the sentinels do not name ${port} the primary`);
      await sleep(100);
    }
  }

  /** Waits until the primary has `count` replicas online. */
  async waitForReplicas(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const port = await this.primaryPort().catch(() => 0);
      const info = port ? await admin(`redis://127.0.0.1:${port}`, (r) => r.info('replication')).catch(() => '') : '';
      const online = (info.match(/state=online/g) ?? []).length;
      if (online >= count) return;
      if (Date.now() > deadline) throw new Error(`the primary has ${online} replicas online, not ${count}`);
      await sleep(100);
    }
  }

  /**
   * SIGKILL on the primary; the sentinels promote the replica. The killed server comes back after
   * `downMs` on its own data and the sentinels make it the new primary's replica.
   */
  async killPrimary(downMs: number): Promise<{ failoverMs: number }> {
    const started = Date.now();
    const old = this.primary;
    await old.kill9();
    await this.waitForPrimary(this.replica.port, 30_000);
    const failoverMs = Date.now() - started;
    [this.primary, this.replica] = [this.replica, old];
    await sleep(Math.max(0, downMs - failoverMs));
    await old.boot(['--replicaof', '127.0.0.1', String(this.primary.port)]);
    return { failoverMs };
  }

  async stop(): Promise<void> {
    for (const s of this.sentinels) s.child.kill('SIGKILL');
    await this.primary.kill9();
    await this.replica.kill9();
  }
}

/** Six nodes: three primaries with a replica each. */
export class ClusterSet implements Topology {
  private constructor(private readonly nodes: Server[]) {}

  static async start(): Promise<ClusterSet> {
    const nodes: Server[] = [];
    for (let i = 0; i < 6; i += 1) {
      const node = new Server(await freePort(), [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-node-timeout',
        '2000',
        // A replica takes over however long ago it last heard from its primary (a replica that fell
        // behind in the burst would otherwise refuse, and the slot stay down).
        '--cluster-replica-validity-factor',
        '0',
      ]);
      await node.boot();
      nodes.push(node);
    }
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
    const set = new ClusterSet(nodes);
    await set.waitForState('ok', 30_000);
    await set.waitForReplicas(30_000);
    return set;
  }

  get env(): Record<string, string> {
    return { REDIS_CLUSTER_NODES: this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',') };
  }

  connect(): Redis {
    // The checks' own client gives up (and the scenario fails) rather than wait for ever on a cluster
    // that does not come back.
    return new Cluster(
      this.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
      {
        clusterRetryStrategy: (times) => (times > 50 ? null : 200),
        slotsRefreshTimeout: 2000,
        redisOptions: { connectTimeout: 2000, commandTimeout: 10_000 },
      },
    ) as unknown as Redis;
  }

  /** Waits until every live node says the cluster is `state`. */
  async waitForState(state: 'ok', timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const live = this.nodes.filter((n) => n.child && n.child.exitCode === null);
      const states = await Promise.all(
        live.map((n) => admin(n.url, (r) => r.call('CLUSTER', 'INFO') as Promise<string>).catch(() => '')),
      );
      if (states.every((s) => s.includes(`cluster_state:${state}`))) return;
      if (Date.now() > deadline) throw new Error(`the cluster is not ${state}`);
      await sleep(200);
    }
  }

  /**
   * Waits until each of the three primaries has its replica online (its first full sync done): a
   * replica promoted before that holds none of its primary's data, and the slot loses everything.
   */
  async waitForReplicas(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const infos = await Promise.all(
        this.nodes.map((n) => admin(n.url, (r) => r.info('replication')).catch(() => '')),
      );
      const primaries = infos.filter((info) => info.includes('role:master'));
      const synced = primaries.filter((info) => /state=online/.test(info)).length;
      if (primaries.length === 3 && synced === 3) return;
      if (Date.now() > deadline) throw new Error(`${synced} of the cluster's primaries have a replica online`);
      await sleep(100);
    }
  }

  /** The node serving `key`'s slot as primary. */
  async primaryOf(key: string): Promise<Server> {
    const first = this.nodes.find((n) => n.child && n.child.exitCode === null) as Server;
    const slot = (await admin(first.url, (r) => r.call('CLUSTER', 'KEYSLOT', key))) as number;
    const slots = (await admin(first.url, (r) => r.call('CLUSTER', 'SLOTS'))) as [number, number, [string, number]][];
    const range = slots.find(([from, to]) => slot >= from && slot <= to);
    const port = range?.[2][1];
    const node = this.nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no primary for slot ${slot}`);
    return node;
  }

  /** SIGKILL on the primary serving `key`; its replica takes over. It comes back after `downMs`. */
  async killPrimaryOf(key: string, downMs: number): Promise<{ failoverMs: number; port: number }> {
    const node = await this.primaryOf(key);
    const started = Date.now();
    await node.kill9();
    // Over once the slot has another primary and every live node says the cluster is ok again (until
    // the nodes notice, after cluster-node-timeout, they still say ok with the dead primary).
    const deadline = Date.now() + 30_000;
    while ((await this.primaryOf(key).catch(() => node)) === node) {
      if (Date.now() > deadline) {
        const live = this.nodes.find((n) => n.child) as Server;
        const nodes = await admin(live.url, (r) => r.call('CLUSTER', 'NODES') as Promise<string>).catch(String);
        throw new Error(`no replica took over from ${node.port}:\n${nodes}`);
      }
      await sleep(100);
    }
    await this.waitForState('ok', 30_000);
    const failoverMs = Date.now() - started;
    await sleep(Math.max(0, downMs - failoverMs));
    await node.boot();
    return { failoverMs, port: node.port };
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) await node.kill9();
  }
}
