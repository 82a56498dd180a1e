/** @module bench/record-throughput Events recorded per second: IncidentStore.append vs raw BullMQ add + no-op worker. */
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { NewEvent } from '../src/incident/events.js';
import { WORKER_CONCURRENCY } from '../src/queue/workers.js';
import { IncidentStore } from '../src/store/incident-store.js';
import { deletePrefix } from './redis-keys.js';

export interface ThroughputOptions {
  redisUrl: string;
  concurrency: number;
  seconds: number;
}

export interface ThroughputFigure {
  operations: number;
  /** From the first operation to the last one done (for BullMQ: the last job completed). */
  elapsedMs: number;
  opsPerSecond: number;
}

export interface ThroughputResult {
  concurrency: number;
  windowSeconds: number;
  /** NoteAdded events appended (durable in Redis) per second. */
  warroom: ThroughputFigure & { inLog: number };
  /** Jobs added and processed by a no-op worker per second; `addOnlyPerSecond` is the add rate alone. */
  bullmq: ThroughputFigure & { addOnlyPerSecond: number; workerConcurrency: number };
  /** warroom / bullmq. */
  ratio: number;
}

/** Runs `op` from `concurrency` loops until `windowMs` is over; returns how many ran. */
async function loops(concurrency: number, windowMs: number, op: (n: number) => Promise<unknown>): Promise<number> {
  const deadline = performance.now() + windowMs;
  let n = 0;
  const loop = async () => {
    while (performance.now() < deadline) await op(n++);
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return n;
}

const figure = (operations: number, elapsedMs: number): ThroughputFigure => ({
  operations,
  elapsedMs: Math.round(elapsedMs),
  opsPerSecond: Math.round((operations / elapsedMs) * 1000),
});

async function measureAppends(options: ThroughputOptions, prefix: string) {
  const redis = new Redis(options.redisUrl);
  try {
    const store = new IncidentStore(redis, prefix);
    const incidentId = 'INC-1';
    const started = performance.now();
    const operations = await loops(options.concurrency, options.seconds * 1000, async (n) => {
      const event: NewEvent = {
        type: 'NoteAdded',
        v: 1,
        data: { text: `bench note ${n}` },
        actor: 'U0DANA0001',
        at: Date.now(),
      };
      const result = await store.append(incidentId, [event], { key: `bench:${n}` });
      if (result.status !== 'appended') throw new Error(`append ${n} was ${result.status}`);
    });
    const elapsed = performance.now() - started;
    const inLog = await redis.llen(store.keys.log(incidentId));
    return { ...figure(operations, elapsed), inLog };
  } finally {
    await redis.quit();
  }
}

async function measureBullmq(options: ThroughputOptions, prefix: string) {
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const name = `bench-${randomUUID()}`;
  const queue = new Queue(name, { connection, prefix: `${prefix}:bull` });
  let completed = 0;
  let target = Number.POSITIVE_INFINITY;
  let lastCompletedAt = 0;
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const worker = new Worker(name, async () => undefined, {
    connection: workerConnection,
    prefix: `${prefix}:bull`,
    concurrency: WORKER_CONCURRENCY,
  });
  worker.on('completed', () => {
    completed += 1;
    lastCompletedAt = performance.now();
    if (completed >= target) allDone();
  });
  try {
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    const started = performance.now();
    const operations = await loops(options.concurrency, options.seconds * 1000, (n) => queue.add('noop', { n }));
    const addedAt = performance.now();
    target = operations;
    if (completed >= target) allDone();
    await done;
    return {
      ...figure(operations, lastCompletedAt - started),
      addOnlyPerSecond: Math.round((operations / (addedAt - started)) * 1000),
      workerConcurrency: WORKER_CONCURRENCY,
    };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await Promise.all([connection.quit(), workerConnection.quit()]);
  }
}

/** Both measurements on the same Redis, the same concurrency and the same time window, one after the other. */
export async function measureRecordThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const cleanup = new Redis(options.redisUrl);
  try {
    const warroom = await measureAppends(options, prefix);
    const bullmq = await measureBullmq(options, prefix);
    return {
      concurrency: options.concurrency,
      windowSeconds: options.seconds,
      warroom,
      bullmq,
      ratio: Math.round((warroom.opsPerSecond / bullmq.opsPerSecond) * 100) / 100,
    };
  } finally {
    await deletePrefix(cleanup, prefix);
    await cleanup.quit();
  }
}
