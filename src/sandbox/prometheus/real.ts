/**
 * @module sandbox/prometheus/real
 * A real Prometheus for tests: the series a test gives are backfilled with
 * `promtool tsdb create-blocks-from openmetrics` into a fresh data directory, then
 * `/usr/bin/prometheus` serves them on a free loopback port with a configuration that scrapes
 * nothing, until `stop()` (SIGTERM, then the directory is removed).
 *
 * What can be backfilled and queried at once, found by experiment on Debian 12's 2.42.0+ds-5+deb12u1:
 * everything, the last three hours included, right up to "now" and past it. Three hours of 15 s
 * samples ending at the current second became two blocks, split at the 2 h-aligned boundary
 * (1h17m and 1h42m45s long, the second ending at now + 1 ms); as soon as /-/ready answered,
 * instant queries at now, now − 10 m, now − 30 m, now − 1 h, now − 2 h and now − 2 h 46 m 40 s each read
 * the value written there. Points from now − 10 m to now + 1 h were read back at now + 30 m and
 * now + 1 h (and at now + 65 m, within the 5 m lookback). prometheus-real.test.ts keeps doing so
 * with points to an hour ahead. The upstream warning against backfilling the last ~3 h is about a
 * Prometheus that is ingesting: its head block holds those hours, and a block overlapping the head
 * used to need --storage.tsdb.allow-overlapping-blocks. That flag is gone from 2.42's --help
 * (CHANGELOG 2.39.0: "Allow overlapping blocks by default. `--storage.tsdb.allow-overlapping-blocks`
 * now has no effect"), and this Prometheus scrapes nothing, so its head stays empty and there is
 * nothing to overlap. No extra flag is needed; retention is raised to 100y only so that a series
 * spanning more than the default 15 days keeps its oldest blocks. Backfill, start and ready take
 * 130–230 ms here (three series of 900 points), stop under 20 ms.
 *
 * Why backfill rather than a scraped /metrics server whose values the test changes over time: a
 * scrape can only write history as fast as the wall clock (35 minutes of impact would take 35
 * minutes) and puts samples where the scrape timer falls, whereas a backfill writes any history to
 * the millisecond in about a tenth of a second. Its limit is that the story is fixed at start: the
 * series cannot react to what the code under test does (after a rollback, say) unless the test
 * wrote that future in advance — points after "now" play out as real time passes, so a client that
 * queries without `time` sees the story unfold — or starts another Prometheus.
 *
 * promtool drops a sample at a time its series already has without saying so, and truncates
 * timestamps to the millisecond below; openmetrics.ts refuses the first and compensates the second.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BackfillSeries, openMetricsText } from './openmetrics.js';

export type { BackfillSeries } from './openmetrics.js';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';
/** How a machine gets both binaries (Debian 12 ships 2.42.0, promtool included). */
export const INSTALL_PROMETHEUS = 'apt-get install -y --no-install-recommends prometheus';

export interface RealPrometheusOptions {
  series: readonly BackfillSeries[];
  /**
   * Require HTTP basic auth, as `basic_auth_users` in --web.config.file: the server is given the
   * bcrypt hash (cost 4 keeps each call fast), the password is what `authorization` is made of.
   */
  basicAuth?: { username: string; password: string; bcryptHash: string };
  /** --query.lookback-delta (default 5m). */
  lookbackDelta?: string;
  prometheusBin?: string;
  promtoolBin?: string;
  /**
   * How long one start waits for /-/ready (default 15 s) before it is killed and Prometheus is
   * started again on another port (three starts in all).
   */
  readyTimeoutMs?: number;
}

export interface RealPrometheus {
  /** The server URL (the API is under /api/v1). */
  url: string;
  /** The `Authorization` header value to send when `basicAuth` was given. */
  authorization: string | undefined;
  /** From /api/v1/status/buildinfo, e.g. `2.42.0+ds`. */
  version: string;
  /** The OpenMetrics text that was backfilled. */
  openMetrics: string;
  /** How the start went: the backfill's time, then each start of Prometheus and how it ended. */
  startup: readonly string[];
  /** The server's log so far (its last 200 lines). */
  log(): string;
  /** SIGTERM, wait for the exit (SIGKILL after 10 s), remove the data directory. */
  stop(): Promise<void>;
}

const run = promisify(execFile);
/** promtool is killed after this long (a backfill takes about 0.1 s). */
const PROMTOOL_TIMEOUT_MS = 30_000;
/** How many times Prometheus is started before giving up. */
const MAX_STARTS = 3;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why no real Prometheus can be started here (a message naming the fix), or undefined when one can. */
export function realPrometheusMissing(
  options: Pick<RealPrometheusOptions, 'prometheusBin' | 'promtoolBin'> = {},
): string | undefined {
  const missing = [options.prometheusBin ?? PROMETHEUS_BIN, options.promtoolBin ?? PROMTOOL_BIN].filter(
    (path) => !executable(path),
  );
  if (missing.length === 0) return undefined;
  return `no real Prometheus: ${missing.join(' and ')} not installed (${INSTALL_PROMETHEUS})`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Server {
  private readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => {
      this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      this.lines.splice(0, Math.max(0, this.lines.length - 200));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
      child.once('error', (error) => {
        this.lines.push(String(error));
        this.exitCode = null;
        resolve(null);
      });
    });
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  log(): string {
    return this.lines.join('\n');
  }
}

/** True once /-/ready answers 200, false when the server exits first or the time runs out. */
async function waitUntilReady(server: Server, url: string, authorization: string | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!server.running) return false;
    try {
      const response = await fetch(`${url}/-/ready`, {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(1000),
      });
      await response.arrayBuffer();
      if (response.status === 200) return true;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  return false;
}

/**
 * Backfills `series` and starts a real Prometheus over them.
 * @example
 * const prom = await startRealPrometheus({ series: [
 *   { name: 'checkout_error_ratio', labels: { service: 'checkout' }, points: sampled(story, range) },
 * ] });
 * const answer = await fetch(`${prom.url}/api/v1/query?query=checkout_error_ratio`);
 * await prom.stop();
 */
export async function startRealPrometheus(options: RealPrometheusOptions): Promise<RealPrometheus> {
  const prometheusBin = options.prometheusBin ?? PROMETHEUS_BIN;
  const promtoolBin = options.promtoolBin ?? PROMTOOL_BIN;
  const missing = realPrometheusMissing({ prometheusBin, promtoolBin });
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(join(tmpdir(), 'warroom-prometheus-'));
  const dataDir = join(dir, 'data');
  const openMetrics = openMetricsText(options.series);
  const auth = options.basicAuth;
  const authorization = auth
    ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
    : undefined;
  let server: Server | undefined;
  const kill = () => server?.child.kill('SIGKILL');
  try {
    await writeFile(join(dir, 'series.om'), openMetrics);
    const began = Date.now();
    if (options.series.some((s) => s.points.length > 0))
      await run(
        promtoolBin,
        ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', join(dir, 'series.om'), dataDir],
        {
          timeout: PROMTOOL_TIMEOUT_MS,
        },
      );
    const steps = [`backfill ${Date.now() - began} ms`];
    await writeFile(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
    const flags = [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${dataDir}`,
      '--storage.tsdb.retention.time=100y',
    ];
    if (options.lookbackDelta) flags.push(`--query.lookback-delta=${options.lookbackDelta}`);
    if (auth) {
      await writeFile(
        join(dir, 'web.yml'),
        `basic_auth_users:\n  ${JSON.stringify(auth.username)}: ${JSON.stringify(auth.bcryptHash)}\n`,
      );
      flags.push(`--web.config.file=${join(dir, 'web.yml')}`);
    }
    let url = '';
    // A start is tried again on another port when the port picked was taken before Prometheus bound
    // it, or when Prometheus runs but does not answer /-/ready in time (it is killed first). One
    // start in the project's CI did not get ready within 20 s, where it takes 0.1-0.3 s (2.7 s
    // with the two cores six times oversubscribed); every start's log and time go in the error.
    const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
    for (let attempt = 1; ; attempt += 1) {
      url = `http://127.0.0.1:${await freePort()}`;
      const started = Date.now();
      const child = spawn(prometheusBin, [...flags, `--web.listen-address=${url.slice('http://'.length)}`], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server = new Server(child);
      process.once('exit', kill);
      const ready = await waitUntilReady(server, url, authorization, readyTimeoutMs);
      const took = Date.now() - started;
      if (ready) {
        steps.push(`start ${attempt}: ready after ${took} ms`);
        break;
      }
      const hung = server.running;
      if (hung) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      process.off('exit', kill);
      steps.push(
        `start ${attempt} on ${url}: ${hung ? `not ready after ${took} ms, killed` : `exited after ${took} ms`}\n${server.log()}`,
      );
      if (attempt >= MAX_STARTS || !(hung || server.log().includes('address already in use')))
        throw new Error(`Prometheus did not get ready:\n${steps.join('\n')}`);
    }
    const running = server;
    const buildinfo = await fetch(`${url}/api/v1/status/buildinfo`, {
      headers: authorization ? { authorization } : {},
      signal: AbortSignal.timeout(10_000),
    });
    const { data } = (await buildinfo.json()) as { data: { version: string } };
    let stopping: Promise<void> | undefined;
    return {
      url,
      authorization,
      version: data.version,
      openMetrics,
      startup: steps,
      log: () => running.log(),
      stop: () => {
        stopping ??= (async () => {
          if (running.running) {
            running.child.kill('SIGTERM');
            const timer = setTimeout(() => running.child.kill('SIGKILL'), 10_000);
            await running.exited;
            clearTimeout(timer);
          }
          process.off('exit', kill);
          await rm(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (server?.running) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    process.off('exit', kill);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
