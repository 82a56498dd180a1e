/**
 * @module sandbox/statuspage/emulator
 * The local Statuspage that warroom's tests and drills publish incidents to: the REST API v1 on
 * loopback (`http://127.0.0.1:<port>/v1`, for `https://api.statuspage.io/v1`) held to
 * ../shared/contracts/statuspage/openapi-v1.json, one page with its components, the spec's rate limit
 * (off unless turned on), injectable faults, and every call recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lowerHeaders, readBody } from '../http-body.js';
import { type RecordedStatuspageCall, StatuspageApi, type StatuspageOutcome } from './api.js';
import type { StatuspageFaultRule } from './faults.js';
import { type Component, type ComponentSpec, type Incident, incidentJson, StatuspagePage } from './model.js';
import { RollingWindowLimiter, type StatuspageRateLimitOptions } from './rate-limit.js';

export type { RecordedStatuspageCall } from './api.js';
export type { StatuspageFaultRule } from './faults.js';
export type { Component, ComponentSpec, Incident } from './model.js';
export type { StatuspageRateLimitOptions } from './rate-limit.js';

export interface StatuspageEmulatorOptions {
  /** The one API key accepted (`Authorization: OAuth <key>` or `?api_key=<key>`). */
  apiKey: string;
  /** The page the key owns; any other page id is 404. */
  pageId: string;
  components?: readonly ComponentSpec[];
  rateLimit?: StatuspageRateLimitOptions;
  /** The clock of timestamps and the rate limit's window (default `Date.now`). */
  now?: () => number;
}

export class StatuspageEmulator {
  readonly page: StatuspagePage;
  readonly rateLimit: RollingWindowLimiter;
  private readonly api: StatuspageApi;
  private readonly server: Server;
  private readonly listeners = new Set<() => void>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private down = false;
  private port = 0;

  constructor(readonly options: StatuspageEmulatorOptions) {
    const now = options.now ?? Date.now;
    this.page = new StatuspagePage(options.pageId, now);
    for (const spec of options.components ?? []) this.page.addComponent(spec);
    this.rateLimit = new RollingWindowLimiter(options.rateLimit ?? {}, now);
    this.api = new StatuspageApi(this.page, options.apiKey, this.rateLimit, () => this.changed());
    this.server = createServer((req, res) => {
      const work = this.serve(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
      this.inFlight.add(work);
      work.finally(() => this.inFlight.delete(work));
    });
  }

  /**
   * Starts listening on loopback (an ephemeral port unless one is given).
   * @example
   * const statuspage = await StatuspageEmulator.start({ apiKey, pageId: 'p4g3id',
   *   components: [{ id: 'cmp1', name: 'Checkout' }] });
   * // point the client at statuspage.apiUrl
   */
  static async start(options: StatuspageEmulatorOptions, port = 0): Promise<StatuspageEmulator> {
    const emulator = new StatuspageEmulator(options);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once('error', reject);
      emulator.server.listen(port, '127.0.0.1', () => resolve());
    });
    emulator.port = (emulator.server.address() as AddressInfo).port;
    return emulator;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What a client is configured with in place of `https://api.statuspage.io/v1`. */
  get apiUrl(): string {
    return `${this.baseUrl}/v1`;
  }

  get calls(): readonly RecordedStatuspageCall[] {
    return this.api.calls;
  }

  get incidents(): readonly Incident[] {
    return this.page.incidents;
  }

  get components(): readonly Component[] {
    return this.page.components;
  }

  /** An incident as the API would show it. */
  incidentJson(id: string): Record<string, unknown> {
    const incident = this.page.incident(id);
    if (!incident) throw new Error(`no incident ${id} on the Statuspage emulator`);
    return incidentJson(this.page, incident);
  }

  component(id: string): Component {
    const component = this.page.component(id);
    if (!component) throw new Error(`no component ${id} on the Statuspage emulator`);
    return component;
  }

  addComponent(spec: ComponentSpec): Component {
    return this.page.addComponent(spec);
  }

  injectFault(rule: StatuspageFaultRule): void {
    this.api.faults.add(rule);
  }

  clearFaults(): void {
    this.api.faults.clear();
  }

  /** Turns the spec's rate limit on or off, or changes it (and forgets the calls counted so far). */
  setRateLimit(options: StatuspageRateLimitOptions | boolean): void {
    this.rateLimit.configure(typeof options === 'boolean' ? { enabled: options } : { enabled: true, ...options });
    this.rateLimit.reset();
  }

  /** While down, every connection is cut unanswered and nothing is recorded, as in an outage. */
  setDown(down: boolean): void {
    this.down = down;
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
        const recent = this.calls.slice(-6).map((c) => `${c.method} ${c.path} → ${c.status}`);
        reject(new Error(`condition not met within ${timeoutMs} ms; last calls: ${recent.join(', ') || 'none'}`));
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

  /** Resolves when no call is being answered (slow faults included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.allSettled([...this.inFlight]);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', this.baseUrl);
    await this.respond(res, this.api.handle(req.method ?? 'GET', url, lowerHeaders(req), body));
  }

  private async respond(res: ServerResponse, { answer, delayMs, cut }: StatuspageOutcome): Promise<void> {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (cut) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      ...answer.headers,
    });
    res.end(answer.json === undefined ? undefined : JSON.stringify(answer.json));
  }
}
