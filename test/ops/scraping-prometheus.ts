/**
 * A real Prometheus that scrapes warroom's `/metrics` (job `warroom`, every second, with the bearer
 * token), evaluating the given rule files, for tests that query it afterwards. Unlike
 * src/sandbox/prometheus/real.ts (which backfills a fixed story and scrapes nothing), what it holds
 * is what warroom reported while the test ran.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../src/redis/throwaway.js';
import { PROMETHEUS_BIN, realPrometheusMissing } from '../../src/sandbox/prometheus/real.js';

export interface ScrapingPrometheus {
  url: string;
  /** An instant query's result (throws unless Prometheus answered `success`). */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Prometheus' API answer for `path` (e.g. `/api/v1/rules`). */
  api<T>(path: string): Promise<T>;
  log(): string;
  stop(): Promise<void>;
}

export interface ScrapingOptions {
  /** `host:port` of warroom's HTTP server. */
  target: string;
  /** WARROOM_METRICS_TOKEN, sent as `Authorization: Bearer …` (from a credentials file, as operators would). */
  bearerToken?: string;
  ruleFiles?: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @example
 * const prom = await startScrapingPrometheus({ target: `127.0.0.1:${h.app.port}`, bearerToken: TOKEN });
 * await prom.query('warroom_redis_up');
 * await prom.stop();
 */
export async function startScrapingPrometheus(options: ScrapingOptions): Promise<ScrapingPrometheus> {
  const missing = realPrometheusMissing();
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(join(tmpdir(), 'warroom-scraping-prometheus-'));
  const job: Record<string, unknown> = {
    job_name: 'warroom',
    metrics_path: '/metrics',
    static_configs: [{ targets: [options.target] }],
  };
  if (options.bearerToken !== undefined) {
    await writeFile(join(dir, 'token'), options.bearerToken, { mode: 0o600 });
    job.authorization = { type: 'Bearer', credentials_file: join(dir, 'token') };
  }
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: options.ruleFiles ?? [],
    scrape_configs: [job],
  };
  await writeFile(join(dir, 'prometheus.yml'), stringify(config));
  const address = `127.0.0.1:${await freePort()}`;
  const url = `http://${address}`;
  const lines: string[] = [];
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 200));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 10_000);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', kill);
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Prometheus at ${url} did not get ready:\n${lines.join('\n')}`);
    }
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    await sleep(50);
  }

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5000) });
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? response.status}`);
    return body.data;
  };
  return {
    url,
    api,
    query: async (expr) => {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
        `/api/v1/query?${new URLSearchParams({ query: expr })}`,
      );
      return data.result;
    },
    log: () => lines.join('\n'),
    stop,
  };
}
