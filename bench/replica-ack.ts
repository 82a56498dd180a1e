/**
 * @module bench/replica-ack
 * What `REDIS_MIN_REPLICAS_ACK=1` costs on the ack path: a replica of the bench's Redis is started on a
 * free port, and the ack-latency load (a bare Bolt app as the baseline, then warroom) runs twice in the
 * same run, with 0 and with 1, so the two are measured side by side against the same baseline.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../src/redis/throwaway.js';
import { type AckLatencyResult, measureAckLatency } from './ack-latency.js';

export interface ReplicaAckResult {
  /** `REDIS_MIN_REPLICAS_ACK` → the ack-latency result with it. */
  byReplicas: { replicas: number; result: AckLatencyResult }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A replica of `redisUrl` on a free port, in sync; `stop()` kills it and detaches it. */
async function startReplica(redisUrl: string): Promise<{ stop(): Promise<void> }> {
  const primary = new URL(redisUrl);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--replicaof',
      primary.hostname,
      primary.port || '6379',
      ...(primary.password ? ['--masterauth', decodeURIComponent(primary.password)] : []),
    ],
    { stdio: 'ignore' },
  );
  const replica = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 100 });
  replica.on('error', () => undefined);
  for (let i = 0; i < 300; i += 1) {
    const info = await replica.info('replication').catch(() => '');
    if (info.includes('master_link_status:up')) break;
    if (i === 299) throw new Error(`the bench's replica on ${port} did not get in sync with ${primary.host}`);
    await sleep(100);
  }
  return {
    async stop() {
      replica.disconnect();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function measureReplicaAck(options: {
  redisUrl: string;
  levels: readonly number[];
  warmup: number;
  requests: number;
}): Promise<ReplicaAckResult> {
  const replica = await startReplica(options.redisUrl);
  const byReplicas: ReplicaAckResult['byReplicas'] = [];
  try {
    for (const replicas of [0, 1]) {
      const result = await measureAckLatency({ ...options, env: { REDIS_MIN_REPLICAS_ACK: String(replicas) } });
      byReplicas.push({ replicas, result });
    }
  } finally {
    await replica.stop();
  }
  return { byReplicas };
}
