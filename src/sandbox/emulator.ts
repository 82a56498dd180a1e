/** @module sandbox/emulator — the local Slack that tests, `npm run demo` and drills run warroom against. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventCallback, subscribesTo } from './event-callbacks.js';
import type { FaultRule } from './faults.js';
import { lowerHeaders, readBody, uploadedBytes } from './http-body.js';
import { type Latency, LatencyModel } from './latency.js';
import { SlackUser } from './people.js';
import type { RateLimitCount } from './rate-tiers.js';
import { RESPONSE_URL_TTL_MS, type RecordedResponse, ResponseUrls } from './response-urls.js';
import { SocketModeServer } from './socket-mode.js';
import {
  type AppAnswer,
  type AppTransport,
  type DeliveryOptions,
  HttpTransport,
  SLACK_ANSWER_MS,
  type SlackRequest,
  SocketTransport,
} from './transport.js';
import { Triggers } from './triggers.js';
import { type RecordedCall, WebApi } from './web-api.js';
import { BOT_USER_ID, Workspace } from './workspace.js';

export type { RecordedResponse } from './response-urls.js';

export interface EmulatorOptions {
  signingSecret: string;
  botToken: string;
  appToken?: string;
  /** Bot scopes granted to the app; calls needing others answer `missing_scope`. */
  scopes: readonly string[];
  /** Event types the app subscribed to; others are not delivered. */
  events?: readonly string[];
  /** How long a trigger_id stays valid (Slack: 3 seconds). */
  triggerTtlMs?: number;
  /** Answer 429 over Slack's per-method rate tiers (see rate-tiers.ts); off by default. */
  rateTiers?: boolean;
  /** Drills: the tiers' minute runs this many times faster (10: Slack's per-minute limits per 6 s); 1 by default. */
  rateTierTimeScale?: number;
  /** Delay every Web API answer: fixed ms, or per method (see latency.ts); none by default. */
  latency?: Latency;
  /** Seed for the latency draws, for repeatable runs. */
  latencySeed?: number;
  /**
   * The waits before each redelivery of an event the app did not take (Slack: at once, after a minute,
   * after five minutes; the emulator defaults to 0, 1 and 5 seconds so drills finish).
   */
  eventRetryDelaysMs?: readonly number[];
  /** How long a response_url takes posts (Slack: 30 minutes). */
  responseUrlTtlMs?: number;
}

const DEFAULT_EVENT_RETRY_DELAYS_MS = [0, 1000, 5000] as const;

/** A request the emulator sent the app, with the app's answer. */
export interface RecordedDelivery {
  request: SlackRequest;
  options: DeliveryOptions;
  answer?: AppAnswer;
  error?: string;
  at: number;
}

/**
 * The local Slack: a Web API on loopback that validates and records every call, a Socket Mode
 * endpoint, response_url and file-upload endpoints, and the sender of signed requests to the app.
 * Tests, `npm run demo` and drills run warroom against it instead of a real workspace.
 */
export class SlackEmulator {
  readonly workspace = new Workspace();
  readonly deliveries: RecordedDelivery[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly webApi: WebApi;
  private readonly server: Server;
  private readonly socketMode: SocketModeServer;
  private readonly triggers = new Triggers();
  private readonly responseUrls = new ResponseUrls(
    this.workspace,
    this.responses,
    () => this.options.responseUrlTtlMs ?? RESPONSE_URL_TTL_MS,
  );
  private readonly changeListeners = new Set<() => void>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private transport: AppTransport | undefined;
  private port = 0;
  private latency: LatencyModel;

  constructor(readonly options: EmulatorOptions) {
    this.socketMode = new SocketModeServer(() => `ws://127.0.0.1:${this.port}`);
    this.webApi = new WebApi(
      this.workspace,
      {
        baseUrl: () => this.baseUrl,
        botUserId: BOT_USER_ID,
        exchangeTrigger: (id) => this.exchangeTrigger(id),
        emitEvent: (event) => this.emitEvent(event),
        openSocketUrl: () => this.socketMode.openUrl(),
      },
      { botToken: options.botToken, appToken: options.appToken, scopes: options.scopes },
    );
    this.webApi.onCall(() => this.changed());
    this.webApi.rateTiers.setEnabled(options.rateTiers === true, options.rateTierTimeScale);
    this.latency = new LatencyModel(options.latency, options.latencySeed);
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(error instanceof Error ? error.message : String(error));
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.socketMode.handleUpgrade(req, socket, head));
  }

  /** Starts listening on loopback (an ephemeral port unless one is given). */
  static async start(options: EmulatorOptions, port = 0): Promise<SlackEmulator> {
    const emulator = new SlackEmulator(options);
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

  /** What the app's SLACK_API_URL should be. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get calls(): readonly RecordedCall[] {
    return this.webApi.calls;
  }

  /**
   * Sends the app's requests over HTTP to its request URL (e.g. http://127.0.0.1:3000/slack/events);
   * with several URLs (several web processes behind a load balancer), in turn.
   */
  connectHttp(requestUrl: string | readonly string[]): void {
    const urls = typeof requestUrl === 'string' ? [requestUrl] : requestUrl;
    const transports = urls.map((url) => new HttpTransport(url, this.options.signingSecret));
    let next = 0;
    this.transport = {
      mode: 'http',
      send: (request, options) => {
        const transport = transports[next++ % transports.length] as HttpTransport;
        return transport.send(request, options);
      },
    };
  }

  /** Sends the app's requests over its Socket Mode connection. */
  connectSocketMode(): void {
    this.transport = new SocketTransport(this.socketMode);
  }

  /** Resolves once the app has opened a Socket Mode connection. */
  waitForSocketConnection(): Promise<void> {
    return this.socketMode.waitForConnection();
  }

  /** Asks the app to reconnect its Socket Mode connection. */
  requestSocketRefresh(): void {
    this.socketMode.requestRefresh();
  }

  /** Makes the Web API fail some calls (429 with Retry-After, 5xx, or ok:false). */
  injectFault(rule: FaultRule): void {
    this.webApi.faults.add(rule);
  }

  clearFaults(): void {
    this.webApi.faults.clear();
  }

  /** Turns Slack's rate tiers on (every method starts with a full allowance) or off; `timeScale` as in the options. */
  setRateTiers(on: boolean, timeScale?: number): void {
    this.webApi.rateTiers.setEnabled(on, timeScale);
  }

  /** How many 429s the rate tiers drew, in total and per method (injected faults not included). */
  rateLimited(): RateLimitCount {
    return this.webApi.rateTiers.count();
  }

  /** Delays Web API answers from now on (undefined: answer at once); see latency.ts. */
  setLatency(latency: Latency | undefined, seed?: number): void {
    this.latency = new LatencyModel(latency, seed);
  }

  /** A person in the workspace, by id or name, who can type commands, click buttons, pin and react. */
  user(idOrName: string): SlackUser {
    const user =
      this.workspace.users.get(idOrName) ?? [...this.workspace.users.values()].find((u) => u.name === idOrName);
    if (!user) throw new Error(`no user ${idOrName} in the sandbox workspace`);
    return new SlackUser(this, user);
  }

  /** Issues a trigger id for `user`, valid once and for a few seconds, as Slack does with every interaction. */
  issueTrigger(user: string): string {
    return this.triggers.issue(user);
  }

  /** Issues a response_url for an interaction by `user` in `channel`. */
  issueResponseUrl(user: string, channel: string, messageTs?: string): string {
    return `${this.baseUrl}/response/${this.responseUrls.issue(user, channel, messageTs)}`;
  }

  /** Sends one request to the app and records it with the answer. */
  async deliver(request: SlackRequest, options: DeliveryOptions = {}): Promise<AppAnswer> {
    if (!this.transport)
      throw new Error('the emulator has no app to deliver to: call connectHttp or connectSocketMode');
    const record: RecordedDelivery = { request, options, at: Date.now() };
    this.deliveries.push(record);
    const sending = this.transport.send(request, options);
    this.track(sending);
    try {
      record.answer = await sending;
      return record.answer;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      this.changed();
    }
  }

  /** Delivers, in the background, an Events API callback for `event` when the app subscribed to its type. */
  emitEvent(event: Record<string, unknown>): void {
    this.deliverEvent(event).catch(() => undefined);
  }

  /** Whether the app subscribed to this event (the manifest's bot_events; messages by channel type). */
  subscribes(event: Record<string, unknown>): boolean {
    return subscribesTo(this.options.events ?? [], this.workspace, event);
  }

  /**
   * Delivers an Events API callback and returns the app's last answer; undefined when not subscribed.
   * As Slack does, an app that does not answer 2xx within 3 seconds (or, in Socket Mode, does not
   * acknowledge) gets the same event again, up to 3 times, with `X-Slack-Retry-Num` and
   * `X-Slack-Retry-Reason` (`retry_attempt`/`retry_reason`). A delivery given a `retryNum` is sent once.
   */
  async deliverEvent(
    event: Record<string, unknown>,
    options: DeliveryOptions & { eventId?: string } = {},
  ): Promise<AppAnswer | undefined> {
    if (!this.transport || !this.subscribes(event)) return undefined;
    const request = this.eventRequest(event, options.eventId);
    if (options.retryNum !== undefined) return this.deliver(request, options);
    const delays = this.options.eventRetryDelaysMs ?? DEFAULT_EVENT_RETRY_DELAYS_MS;
    let last: AppAnswer | undefined;
    let lastError: unknown;
    for (let attempt = 0; attempt <= delays.length; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
      const retry =
        attempt === 0 ? {} : { retryNum: attempt, retryReason: last === undefined ? 'http_timeout' : 'http_error' };
      try {
        last = await this.deliver(request, { timeoutMs: SLACK_ANSWER_MS, ...options, ...retry });
        lastError = undefined;
        if (last.status >= 200 && last.status < 300) return last;
      } catch (error) {
        last = undefined;
        lastError = error;
      }
    }
    if (last) return last;
    throw lastError;
  }

  /** How many deliveries of an event (by its event_id) the app was sent. */
  deliveriesOf(eventId: string): RecordedDelivery[] {
    return this.deliveries.filter((d) => d.request.payload.event_id === eventId);
  }

  /** An Events API callback envelope, as Slack builds it. */
  eventRequest(event: Record<string, unknown>, eventId?: string): SlackRequest {
    return eventCallback(this.workspace, event, eventId);
  }

  /**
   * Resolves when `check` returns a value other than undefined/false, re-checking after every Web API
   * call and delivery; rejects after `timeoutMs` with the last calls, to make a failing test readable.
   * @example
   * const update = await emulator.waitFor(() => emulator.calls.find((c) => c.method === 'chat.update'));
   */
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
        const recent = this.calls
          .slice(-8)
          .map((c) => `${c.method} → ${c.ok ? 'ok' : (c.error ?? c.status)}`)
          .join(', ');
        reject(new Error(`condition not met within ${timeoutMs} ms; last Web API calls: ${recent || 'none'}`));
      }, timeoutMs);
      const poll = setInterval(listener, 50);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.changeListeners.delete(listener);
      };
      this.changeListeners.add(listener);
    });
  }

  /** Resolves when no delivery to the app is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    await this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    promise.then(
      () => this.inFlight.delete(promise),
      () => this.inFlight.delete(promise),
    );
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  private exchangeTrigger(id: string): string {
    return this.triggers.exchange(id, this.options.triggerTtlMs ?? 3000);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const api = url.pathname.match(/^\/api\/([a-zA-Z.]+)$/);
    if (api && req.method === 'POST') {
      const answer = this.webApi.handle(api[1] as string, lowerHeaders(req), body.toString('utf8'));
      await this.latency.wait(api[1] as string);
      if (answer.call) answer.call.answeredAt = Date.now();
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    const upload = url.pathname.match(/^\/upload\/(F\w+)$/);
    if (upload && req.method === 'POST') {
      const file = this.workspace.files.get(upload[1] as string);
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      file.content = await uploadedBytes(req.headers['content-type'], body);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${file.content.length}`);
      return;
    }
    const response = url.pathname.match(/^\/response\/([\w-]+)$/);
    if (response && req.method === 'POST') {
      const answer = this.responseUrls.handle(response[1] as string, body.toString('utf8'));
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      this.changed();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}
