/**
 * @module bench/export-child
 * One export operation on one log, alone in its own process (`node --expose-gc --import tsx
 * bench/export-child.ts`), so its memory is measured cleanly: runs it BENCH_RUNS times and prints one
 * JSON line (ChildReport). The log is already in Redis (bench/export-log.ts).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Redis } from 'ioredis';
import { exportIncident, type Format } from '../src/export/run.js';
import { buildTimeline } from '../src/export/timeline.js';
import { TEMPLATES_DIR } from '../src/paths.js';
import { IncidentStore } from '../src/store/incident-store.js';
import { loadTemplates } from '../src/templates/index.js';
import { EXPORT_INCIDENT, PEOPLE } from './export-log.js';

/** What is measured: the two baselines, reading, reading and folding, and each export format (exportIncident). */
export const EXPORT_OPS = ['raw-read', 'raw-dump', 'read', 'read+fold', 'md', 'html', 'json', 'csv'] as const;
export type ExportOp = (typeof EXPORT_OPS)[number];

/** Where an export's time goes before rendering, from one pass: readEvents, then buildTimeline (ms). */
export interface Breakdown {
  read: number;
  timeline: number;
}

export interface ChildReport {
  op: ExportOp;
  events: number;
  /** Wall time of each run (ms). */
  runsMs: number[];
  medianMs: number;
  /** Size of what the op produced: the export's characters, the dump's characters; 0 for reads. */
  outputChars: number;
  /** RSS of this process, idle and after a GC, before the op (MiB). */
  rssBeforeMiB: number;
  /** Highest RSS sampled every 2 ms (from a worker thread) while the op ran, over all runs (MiB). */
  peakRssMiB: number;
  /** peakRssMiB − rssBeforeMiB: what the op itself needed at its peak. */
  peakRssGrowthMiB: number;
  /** Heap in use after the op and a GC, its result still held, minus before (MiB): what the result keeps. */
  heapRetainedMiB: number;
}

const MiB = 2 ** 20;
const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;
const SAMPLER = `
const { workerData } = require('node:worker_threads');
const peak = new Float64Array(workerData);
setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; }, 2);
`;

const isOp = (text: string): text is ExportOp => (EXPORT_OPS as readonly string[]).includes(text);

function collect(): void {
  if (!globalThis.gc) throw new Error('run with node --expose-gc');
  globalThis.gc();
}

const EXPORT_OPTIONS = { timeZone: 'UTC', now: Date.UTC(2026, 10, 29), people: PEOPLE };

/** One pass of what every export does before rendering, step by step. */
async function breakdown(redis: Redis, prefix: string): Promise<Breakdown> {
  const templates = loadTemplates(TEMPLATES_DIR);
  const store = new IncidentStore(redis, prefix);
  collect();
  const t0 = performance.now();
  const logged = await store.readEvents(EXPORT_INCIDENT);
  const t1 = performance.now();
  const timeline = buildTimeline(logged, templates, EXPORT_OPTIONS);
  const t2 = performance.now();
  if (timeline.entries.length !== logged.length) throw new Error('the timeline lost entries');
  return { read: round(t1 - t0), timeline: round(t2 - t1) };
}

async function main(): Promise<void> {
  const op = process.env.BENCH_OP ?? '';
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const redis = new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = process.env.BENCH_PREFIX ?? '';
  if (op === 'breakdown') {
    try {
      process.stdout.write(`${JSON.stringify(await breakdown(redis, prefix))}\n`);
    } finally {
      await redis.quit();
    }
    return;
  }
  if (!isOp(op)) throw new Error(`BENCH_OP must be breakdown or one of ${EXPORT_OPS.join(', ')}`);
  const templates = loadTemplates(TEMPLATES_DIR);
  const options = EXPORT_OPTIONS;
  const logKey = new IncidentStore(redis, prefix).keys.log(EXPORT_INCIDENT);
  const events = await redis.llen(logKey);

  const rawRead = async () => {
    const out: unknown[] = [];
    for (let start = 0; start < events; start += 1000) {
      for (const line of await redis.lrange(logKey, start, start + 999)) out.push(JSON.parse(line));
    }
    return out;
  };
  // A fresh store each run: no cached state from the run before.
  const run = async (): Promise<{ keep: unknown; chars: number }> => {
    const store = new IncidentStore(redis, prefix);
    switch (op) {
      case 'raw-read':
        return { keep: await rawRead(), chars: 0 };
      case 'raw-dump': {
        const text = JSON.stringify(await rawRead());
        return { keep: text, chars: text.length };
      }
      case 'read':
        return { keep: await store.readEvents(EXPORT_INCIDENT), chars: 0 };
      case 'read+fold':
        return { keep: await store.load(EXPORT_INCIDENT), chars: 0 };
      default: {
        const result = await exportIncident(store, templates, EXPORT_INCIDENT, op as Format, options);
        if (!result) throw new Error(`${EXPORT_INCIDENT} has no log under ${prefix}`);
        return { keep: result, chars: result.content.length };
      }
    }
  };

  const peak = new Float64Array(new SharedArrayBuffer(8));
  const sampler = new Worker(SAMPLER, { eval: true, workerData: peak.buffer });
  await new Promise((r) => setTimeout(r, 50));
  const runsMs: number[] = [];
  let rssBefore = Number.POSITIVE_INFINITY;
  let peakRss = 0;
  let heapRetained = 0;
  let outputChars = 0;
  try {
    for (let i = 0; i < runs; i += 1) {
      collect();
      const before = process.memoryUsage();
      rssBefore = Math.min(rssBefore, before.rss);
      peak[0] = before.rss;
      const started = performance.now();
      let result: { keep: unknown; chars: number } | undefined = await run();
      runsMs.push(performance.now() - started);
      peakRss = Math.max(peakRss, peak[0] ?? 0, process.memoryUsage.rss());
      collect();
      heapRetained = Math.max(heapRetained, process.memoryUsage().heapUsed - before.heapUsed);
      outputChars = result.chars;
      result = undefined;
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    const report: ChildReport = {
      op,
      events,
      runsMs: runsMs.map(round),
      medianMs: round(sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN),
      outputChars,
      rssBeforeMiB: mib(rssBefore),
      peakRssMiB: mib(peakRss),
      peakRssGrowthMiB: mib(peakRss - rssBefore),
      heapRetainedMiB: mib(heapRetained),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await sampler.terminate();
    await redis.quit();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
