/**
 * @module bench/export-cost
 * Export time and memory at several log sizes: builds each log in Redis, then runs every operation
 * (bench/export-child.ts) in a fresh `node --expose-gc` process, and sets each against a baseline from
 * the same run: reading the raw log (LRANGE + JSON.parse) for reads, dumping it (that + JSON.stringify)
 * for exports. Each format is exported twice: as one string (exportIncident) and as the CLI writes it.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { FORMATS } from '../src/export/run.js';
import { PROJECT_ROOT, TEMPLATES_DIR } from '../src/paths.js';
import { keysFor } from '../src/store/keys.js';
import { loadTemplates } from '../src/templates/index.js';
import { type Breakdown, type ChildReport, CLI_OPS, EXPORT_OPS, type ExportOp, JOB_OPS } from './export-child.js';
import { buildLog, generateLog } from './export-log.js';
import { deletePrefix } from './redis-keys.js';

const CHILD = fileURLToPath(new URL('./export-child.ts', import.meta.url));

export interface ExportOptions {
  redisUrl: string;
  sizes: readonly number[];
  /** Runs of each operation per size (the median is reported), as a function of the log's size. */
  runsFor: (events: number) => number;
  /**
   * Fresh processes each operation with a target (`warroom export` and the export job: `cli …`, `job …`) runs in, as
   * a function of the log's size: where there is one run per process, the median of a few processes is the figure
   * (one cold run alone is as noisy as the machine).
   */
  targetProcessesFor?: (events: number) => number;
}

export interface ExportSize {
  events: number;
  /** Events in the log as built (must equal `events`). */
  built: number;
  buildMs: number;
  runs: number;
  /** Each operation; `ratio` is its median over its baseline's median (baselineOf), 1 for the baselines. */
  ops: Record<ExportOp, ChildReport & { ratio: number }>;
  breakdown: Breakdown;
}

export interface ExportResult {
  sizes: ExportSize[];
  /** Every child read back exactly the events built. */
  ok: boolean;
  /** The CLI wrote as many characters as exportIncident returned, for every format and size (same log, names, zone). */
  cliSame: boolean;
}

/** The baseline an operation is compared with: raw reading for reads, raw dumping for exports. */
export function baselineOf(op: ExportOp): ExportOp | undefined {
  if (op === 'raw-read' || op === 'raw-dump') return undefined;
  return op === 'read' || op === 'read+fold' ? 'raw-read' : 'raw-dump';
}

/**
 * Slack's upload URL for the `job …` operations, in this process (outside the measured one, as Slack is):
 * `POST /upload/<length>` reads the body and answers 200 when it is `length` bytes, 400 when it is not.
 */
async function startUploadServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const declared = Number(req.url?.match(/^\/upload\/(\d+)$/)?.[1] ?? Number.NaN);
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    req.on('end', () => {
      if (received === declared) res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${received}`);
      else res.writeHead(400, { 'content-type': 'text/plain' }).end(`${received} bytes, ${declared} declared`);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload` };
}

function runChild<T>(env: Record<string, string>): Promise<T> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`export-child ${env.BENCH_OP} exited with ${code}: ${stderr.trim()}`));
      else resolve(JSON.parse(line) as T);
    });
  });
}

/** The reports of one operation run in several processes, as one: every run, their median, the highest memory. */
function together(reports: readonly ChildReport[]): ChildReport {
  const [first] = reports;
  if (!first) throw new Error('no report to put together');
  const runsMs = reports.flatMap((r) => r.runsMs);
  const sorted = [...runsMs].sort((a, b) => a - b);
  return {
    ...first,
    runsMs,
    medianMs: sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN,
    rssBeforeMiB: Math.min(...reports.map((r) => r.rssBeforeMiB)),
    peakRssMiB: Math.max(...reports.map((r) => r.peakRssMiB)),
    peakRssGrowthMiB: Math.max(...reports.map((r) => r.peakRssGrowthMiB)),
    heapRetainedMiB: Math.max(...reports.map((r) => r.heapRetainedMiB)),
  };
}

export async function measureExports(options: ExportOptions): Promise<ExportResult> {
  const protocol = loadTemplates(TEMPLATES_DIR).protocols['deploy-rollback'];
  if (!protocol) throw new Error('the deploy-rollback protocol is missing from templates/');
  const redis = new Redis(options.redisUrl);
  const upload = await startUploadServer();
  const sizes: ExportSize[] = [];
  let ok = true;
  let cliSame = true;
  try {
    for (const count of options.sizes) {
      const prefix = `bench-${randomUUID().slice(0, 8)}`;
      try {
        const started = performance.now();
        const built = await buildLog(redis, prefix, generateLog(count, protocol));
        const buildMs = Math.round(performance.now() - started);
        const runs = options.runsFor(count);
        const env = {
          BENCH_RUNS: String(runs),
          BENCH_PREFIX: prefix,
          BENCH_REDIS_URL: options.redisUrl,
          BENCH_UPLOAD_URL: upload.url,
        };
        const reports = {} as Record<ExportOp, ChildReport>;
        const targetOps: readonly ExportOp[] = [...Object.values(CLI_OPS), ...Object.values(JOB_OPS)];
        for (const op of EXPORT_OPS) {
          const processes = targetOps.includes(op) ? (options.targetProcessesFor?.(count) ?? 1) : 1;
          const each: ChildReport[] = [];
          for (let i = 0; i < processes; i += 1) each.push(await runChild<ChildReport>({ ...env, BENCH_OP: op }));
          reports[op] = together(each);
          if (each.some((r) => r.events !== built)) ok = false;
        }
        const breakdown = await runChild<Breakdown>({ ...env, BENCH_OP: 'breakdown' });
        const ops = Object.fromEntries(
          EXPORT_OPS.map((op) => {
            const base = baselineOf(op);
            const ratio = base ? reports[op].medianMs / reports[base].medianMs : 1;
            return [op, { ...reports[op], ratio: Math.round(ratio * 10) / 10 }];
          }),
        ) as ExportSize['ops'];
        if (built !== count) ok = false;
        for (const format of FORMATS) {
          if (reports[CLI_OPS[format]].outputChars !== reports[format].outputChars) cliSame = false;
        }
        sizes.push({ events: count, built, buildMs, runs, ops, breakdown });
      } finally {
        await deletePrefix(redis, prefix);
        // Outside `${prefix}:*`: the indexes' hash slot.
        await redis.unlink(keysFor(prefix).people);
      }
    }
  } finally {
    upload.server.close();
    await redis.quit();
  }
  return { sizes, ok, cliSame };
}
