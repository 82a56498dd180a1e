/**
 * @module sandbox/prometheus/emulator
 * The local Prometheus that warroom's tests run against when they need faults: the 2.42 HTTP API
 * for instant and range queries on loopback, held to ../shared/contracts/prometheus and to what the
 * real 2.42 answers (see wire.ts and errors.ts), answering each query with the series the test
 * defined for it as a function of time on an injectable clock. Faults: slow answers, 5xx, `timeout`,
 * `execution`, a PromQL parse error for a query marked bad, a cut connection, and down (connection
 * refused). For the real thing over the same series, see real.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lowerHeaders, readBody } from '../http-body.js';
import { PrometheusApi, type PromOutcome, type RecordedPrometheusCall } from './api.js';
import { MESSAGES } from './errors.js';
import type { PrometheusFaultRule } from './faults.js';
import { type Definition, normalizeQuery, type SeriesSpec, type Values, vectorDefinition } from './series.js';
import type { Labels } from './wire.js';

export type { RecordedPrometheusCall } from './api.js';
export type { Endpoint, PrometheusFault, PrometheusFaultRule } from './faults.js';
export type { Point, SeriesSpec, ValueAt, Values } from './series.js';
export type { Labels } from './wire.js';

export interface PrometheusEmulatorOptions {
  /**
   * The exact `Authorization` header value every call must carry (what warroom sends from
   * PROMETHEUS_AUTHORIZATION, e.g. `Bearer …` or `Basic …`); any other, or none, is a 401.
   */
  authorization?: string;
  /** The server's clock in ms since the epoch (default Date.now): `time` when a query gives none. */
  clock?: () => number;
  /** How far back a list of points is looked at (--query.lookback-delta, default 300 s). */
  lookbackDeltaSeconds?: number;
  /** --query.timeout (default 120 000 ms): a slower answer becomes the timeout error. */
  queryTimeoutMs?: number;
}

export interface SeriesOptions {
  /** The series' labels (default none, as the result of `sum(…)` or a ratio of sums has). */
  labels?: Labels;
  /** Put in the answer's `warnings` (2.42 has no `infos`). */
  warnings?: readonly string[];
}

export class PrometheusEmulator {
  /** What went wrong in the background: tests should expect none. */
  readonly problems: string[] = [];
  private readonly api: PrometheusApi;
  private readonly server: Server;
  private readonly definitions = new Map<string, Definition>();
  private readonly listeners = new Set<() => void>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly sleeping = new Set<() => void>();
  private clock: () => number;
  private port = 0;
  private down = false;

  constructor(readonly options: PrometheusEmulatorOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.api = new PrometheusApi(
      {
        authorization: options.authorization,
        now: () => this.clock(),
        definition: (query) => this.definitions.get(normalizeQuery(query)),
        queryTimeoutMs: options.queryTimeoutMs ?? 120_000,
      },
      () => this.changed(),
    );
    this.server = this.createServer();
  }

  /** Starts listening on loopback (an ephemeral port unless one is given). */
  static async start(options: PrometheusEmulatorOptions = {}, port = 0): Promise<PrometheusEmulator> {
    const emulator = new PrometheusEmulator(options);
    await emulator.listen(port);
    return emulator;
  }

  /** The Prometheus server URL a client is configured with (the API is under /api/v1). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get calls(): readonly RecordedPrometheusCall[] {
    return this.api.calls;
  }

  /** The server's clock now, in ms since the epoch. */
  now(): number {
    return this.clock();
  }

  /** Sets the server's clock: a function (ms since the epoch), or a fixed instant. */
  setClock(clock: (() => number) | number): void {
    this.clock = typeof clock === 'number' ? () => clock : clock;
  }

  /**
   * Says what `query` answers: one series (a function of Unix seconds, or a list of points), or
   * several labelled ones. Replaces what the query answered before. Queries are compared with the
   * whitespace outside string literals removed.
   * @example
   * prom.series('sum(rate(http_errors_total[5m]))/sum(rate(http_requests_total[5m]))',
   *   (t) => (t < spikeStart ? 0.002 : t < recovery ? 0.12 : 0.003));
   * prom.series('up', [
   *   { labels: { __name__: 'up', job: 'checkout' }, values: [[t0, 1], [t0 + 15, 0]] },
   * ]);
   */
  series(query: string, values: Values, options?: SeriesOptions): this;
  series(query: string, series: readonly SeriesSpec[], options?: Omit<SeriesOptions, 'labels'>): this;
  series(query: string, values: Values | readonly SeriesSpec[], options: SeriesOptions = {}): this {
    const specs: readonly SeriesSpec[] =
      typeof values !== 'function' && values.length > 0 && !Array.isArray(values[0])
        ? (values as readonly SeriesSpec[])
        : [{ labels: options.labels ?? {}, values: values as Values }];
    const lookbackMs = (this.options.lookbackDeltaSeconds ?? 300) * 1000;
    this.definitions.set(normalizeQuery(query), vectorDefinition(specs, options.warnings ?? [], lookbackMs));
    return this;
  }

  /** Says that `query` answers a scalar (`resultType: scalar`; a matrix of one unlabelled series for a range). */
  scalar(query: string, value: (t: number) => number, options: Omit<SeriesOptions, 'labels'> = {}): this {
    this.definitions.set(normalizeQuery(query), { kind: 'scalar', value, warnings: [...(options.warnings ?? [])] });
    return this;
  }

  /**
   * Marks `query` as one PromQL does not parse: a 400 bad_data `invalid parameter "query": <error>`.
   * The default error is the one 2.42 gives for an expression missing its last `)`.
   */
  badQuery(query: string, parseError = MESSAGES.unclosedParenthesis(query)): this {
    this.definitions.set(normalizeQuery(query), { kind: 'bad', parseError });
    return this;
  }

  /** Forgets what `query` answers: it matches nothing again. */
  forget(query: string): void {
    this.definitions.delete(normalizeQuery(query));
  }

  injectFault(rule: PrometheusFaultRule): void {
    this.api.faults.add(rule);
  }

  clearFaults(): void {
    this.api.faults.clear();
  }

  /**
   * Down: the port stops listening, so a client's connection is refused (ECONNREFUSED), as with a
   * stopped server; calls in flight are cut. Up again: listening on the same port.
   */
  async setDown(down: boolean): Promise<void> {
    if (down === this.down) return;
    this.down = down;
    if (down) {
      await this.close();
      this.changed();
    } else await this.listen(this.port);
  }

  /** Resolves when `check` returns something other than undefined/false; rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const first = check();
    if (first !== undefined && first !== false) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const listener = () => {
        const value = check();
        if (value === undefined || value === false) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        const recent = this.calls.slice(-6).map((c) => `${c.method} ${c.path} ${c.params.query ?? ''} → ${c.status}`);
        const problems = this.problems.length > 0 ? `; problems: ${this.problems.join(' | ')}` : '';
        reject(
          new Error(`condition not met within ${timeoutMs} ms; last calls: ${recent.join(', ') || 'none'}${problems}`),
        );
      }, timeoutMs);
      const poll = setInterval(listener, 25);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  /** Resolves when no answer is waiting to be sent (slow ones included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.down = true;
    await this.close();
    await Promise.allSettled([...this.inFlight]);
  }

  private createServer(): Server {
    return createServer((req, res) => {
      const work = this.serve(req, res).catch((error: unknown) => {
        this.problems.push(error instanceof Error ? error.message : String(error));
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
      this.inFlight.add(work);
      void work.finally(() => {
        this.inFlight.delete(work);
        this.changed();
      });
    });
  }

  private listen(port: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Stops listening and cuts every connection, slow answers still waiting included. */
  private close(): Promise<void> {
    for (const wake of this.sleeping) wake();
    this.sleeping.clear();
    if (!this.server.listening) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeping.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeping.add(wake);
    });
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl);
    await this.respond(req, res, this.api.handle(req.method ?? 'GET', url, lowerHeaders(req), body));
  }

  private async respond(req: IncomingMessage, res: ServerResponse, { answer, delayMs, reset }: PromOutcome) {
    if (delayMs > 0) await this.sleep(delayMs);
    if (reset || res.destroyed) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(req.method === 'HEAD' ? undefined : answer.text);
  }
}
