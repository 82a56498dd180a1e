/**
 * @module bench/export-child
 * One export operation on one log, alone in its own process (`node --expose-gc --import tsx
 * bench/export-child.ts`), so its memory is measured cleanly: runs it BENCH_RUNS times and prints one
 * JSON line (ChildReport). The log is already in Redis (bench/export-log.ts). The `cli <format>` operations
 * run `warroom export` as the CLI does (src/cli/export.ts: its own Redis connection, the templates, the export
 * written a chunk at a time) into /dev/null.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Redis } from 'ioredis';
import { exportIncident, type Format, readTimeline } from '../src/export/run.js';
import { buildTimeline } from '../src/export/timeline.js';
import { TEMPLATES_DIR } from '../src/paths.js';
import { IncidentStore } from '../src/store/incident-store.js';
import { loadTemplates } from '../src/templates/index.js';
import { EXPORT_INCIDENT, PEOPLE } from './export-log.js';

/**
 * What is measured: the two baselines, reading, reading and folding, each export format as one string
 * (exportIncident), each format as the CLI writes it (`cli md`…: exportCommand into /dev/null), and each as the
 * export job uploads it (`job md`…: uploadExport, src/queue/exports.ts, with a Slack client that takes the file).
 */
export const EXPORT_OPS = [
  'raw-read',
  'raw-dump',
  'read',
  'read+fold',
  'md',
  'html',
  'json',
  'csv',
  'cli md',
  'cli html',
  'cli json',
  'cli csv',
  'job md',
  'job html',
  'job json',
  'job csv',
] as const;
export type ExportOp = (typeof EXPORT_OPS)[number];

/** The formats, and the operation that exports each one as the CLI does. */
export const CLI_OPS = { md: 'cli md', html: 'cli html', json: 'cli json', csv: 'cli csv' } as const satisfies Record<
  Format,
  ExportOp
>;

/** The formats, and the operation that exports each one as the `/incident export` job uploads it. */
export const JOB_OPS = { md: 'job md', html: 'job html', json: 'job json', csv: 'job csv' } as const satisfies Record<
  Format,
  ExportOp
>;

/**
 * Where an export's time goes before rendering, from one pass each (ms): readEvents, then buildTimeline on what it
 * read; and readTimeline, the two at once a chunk at a time, as the exports do.
 */
export interface Breakdown {
  read: number;
  timeline: number;
  streamed: number;
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
  collect();
  const t3 = performance.now();
  const streamed = await readTimeline(store, templates, EXPORT_INCIDENT, EXPORT_OPTIONS);
  const t4 = performance.now();
  if (streamed?.entries.length !== logged.length) throw new Error('the streamed timeline lost entries');
  return { read: round(t1 - t0), timeline: round(t2 - t1), streamed: round(t4 - t3) };
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
  // What the CLI is given: this Redis and prefix, the display time zone the other ops use.
  const cliEnv = {
    ...process.env,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    WARROOM_KEY_PREFIX: prefix,
  };
  // Imported only for these: the CLI's modules (logger, config, Redis targets) would add to every op's idle RSS.
  const { exportCommand } = op.startsWith('cli ') ? await import('../src/cli/export.js') : { exportCommand: undefined };
  // The export job as the worker runs it, with a stand-in Slack client: every name is known (the people hash), and
  // the upload URL is the bench's upload server (bench/export-cost.ts, in the parent process, as Slack is in
  // another): it reads the bytes and answers 200 only when they are as many as the job declared.
  const { uploadExport } = op.startsWith('job ')
    ? await import('../src/queue/exports.js')
    : { uploadExport: undefined };
  const jobExport = async (format: Format) => {
    if (!uploadExport) throw new Error(`${op} is not a job operation`);
    const uploadUrl = process.env.BENCH_UPLOAD_URL;
    if (!uploadUrl) throw new Error('BENCH_UPLOAD_URL is not set: the job operations need the upload server');
    let bytes = 0;
    const slack = {
      users: { info: async () => ({ ok: true }) },
      files: {
        getUploadURLExternal: async (args: { length: number }) => {
          bytes = args.length;
          return { ok: true, upload_url: `${uploadUrl}/${args.length}`, file_id: 'F0BENCH' };
        },
        completeUploadExternal: async () => ({ ok: true }),
      },
    };
    const ctx = {
      config: { timeZone: options.timeZone },
      logger: { info: () => undefined },
      store: new IncidentStore(redis, prefix),
      redis,
      templates,
      slack,
    } as unknown as Parameters<typeof uploadExport>[0];
    const request = { incidentId: EXPORT_INCIDENT, format, channel: 'C0BENCHINC1', user: 'U0DANA0001', comment: '' };
    await uploadExport(ctx, request);
    return { keep: undefined, chars: bytes };
  };
  const cliExport = async (format: Format) => {
    if (!exportCommand) throw new Error(`${op} is not a CLI operation`);
    const fd = openSync('/dev/null', 'w');
    let chars = 0;
    try {
      await exportCommand([EXPORT_INCIDENT], { format, tz: options.timeZone }, cliEnv, (text) => {
        chars += text.length;
        writeSync(fd, text);
      });
    } finally {
      closeSync(fd);
    }
    return { keep: undefined, chars };
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
      case 'cli md':
      case 'cli html':
      case 'cli json':
      case 'cli csv':
        return cliExport(op.slice('cli '.length) as Format);
      case 'job md':
      case 'job html':
      case 'job json':
      case 'job csv':
        return jobExport(op.slice('job '.length) as Format);
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
