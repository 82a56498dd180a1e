/**
 * @module sandbox/pagerduty/emulator
 * The local PagerDuty that warroom's tests and drills page people through: the Events API v2 and the
 * REST API on one loopback server, held to ../shared/contracts/pagerduty (events-v2-openapiv3.json,
 * rest-openapiv3-extract.json, the docs' limits and errors); an account a test defines (users,
 * schedules with shifts over time, escalation policies, services, integration keys) on a clock it can
 * advance; incidents that Events API triggers open and dedup keys join; one v3 webhook subscription
 * that signs, retries and can redeliver; injectable faults; every call and delivery recorded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lowerHeaders, readBody } from '../http-body.js';
import {
  type EscalationPolicySpec,
  PagerDutyAccount,
  type ScheduleSpec,
  type ServiceSpec,
  type ShiftSpec,
  type UserSpec,
} from './account.js';
import { Background } from './background.js';
import type { RecordedPagerDutyCall } from './calls.js';
import { PagerDutyClock } from './clock.js';
import { EventsApi, type RecordedEvent } from './events-api.js';
import { type PagerDutyFaultRule, PagerDutyFaults } from './faults.js';
import { handleCall, respond } from './http-routing.js';
import { pagerDutyId } from './ids.js';
import { IncidentBook, type IncidentChange, type IncidentEventType, type PdIncident } from './incidents.js';
import { type OnCall, onCalls } from './oncall.js';
import {
  EventsRateLimiter,
  type EventsRateLimitOptions,
  RestRateLimiter,
  type RestRateLimitOptions,
} from './rate-limit.js';
import { incidentJson, type View } from './representations.js';
import { RestApi } from './rest-api.js';
import { webhookEnvelope } from './webhook-payload.js';
import { type DeliverOptions, type RecordedWebhook, type SignatureMode, WebhookSender } from './webhooks.js';

export type {
  EscalationPolicySpec,
  RotationSpec,
  ScheduleSpec,
  ServiceSpec,
  ShiftSpec,
  UserSpec,
} from './account.js';
export type { RecordedPagerDutyCall } from './calls.js';
export type { RecordedEvent } from './events-api.js';
export type { PagerDutyFaultRule } from './faults.js';
export type { IncidentEventType, PdIncident } from './incidents.js';
export type { OnCall } from './oncall.js';
export type { DeliverOptions, RecordedWebhook, SignatureMode, WebhookAttempt } from './webhooks.js';

export interface PagerDutyEmulatorOptions {
  /** The account-level REST API key (`Authorization: Token token=<key>`). */
  token: string;
  /** User-level REST keys: key → user id (these can call `GET /users/me`). */
  userTokens?: Record<string, string>;
  /** The subscription's signing secret; several sign with one `v1=` each, as during a rotation. */
  webhookSecret: string | readonly string[];
  /** Where the subscription delivers (also settable with `connectWebhook`). */
  webhookUrl?: string;
  /** The subscription's id, sent as `X-Webhook-Subscription` (default a `P…` id). */
  subscriptionId?: string;
  /** The event types the subscription takes (default all the emulator sends). */
  webhookEvents?: readonly IncidentEventType[];
  webhook?: { timeoutMs?: number; retryWaitsMs?: readonly number[]; signature?: SignatureMode };
  users: readonly UserSpec[];
  schedules?: readonly ScheduleSpec[];
  escalationPolicies: readonly EscalationPolicySpec[];
  services: readonly ServiceSpec[];
  /** Events API v2 integration keys (32 characters) → service id. */
  routingKeys: Record<string, string>;
  /** The emulated clock's base (default `Date.now`); `advanceClock`/`setClock` move it. */
  now?: () => number;
  /** The account's time zone, the default for rendering times (default UTC). */
  timeZone?: string;
  /** The web host of `html_url`s: `https://<subdomain>.pagerduty.com` (default `warroom-test`). */
  subdomain?: string;
  /** Path prefixes of the two APIs on the one server (default both ''). */
  eventsPrefix?: string;
  restPrefix?: string;
  restRateLimit?: RestRateLimitOptions;
  eventsRateLimit?: EventsRateLimitOptions;
  /** Refuse REST calls without `Accept: application/vnd.pagerduty+json;version=2` (default true). */
  requireAccept?: boolean;
}

export class PagerDutyEmulator {
  readonly account: PagerDutyAccount;
  readonly clock: PagerDutyClock;
  readonly calls: RecordedPagerDutyCall[] = [];
  readonly restRateLimit: RestRateLimiter;
  readonly eventsRateLimit: EventsRateLimiter;
  private readonly book: IncidentBook;
  private readonly faults = new PagerDutyFaults();
  private readonly rest: RestApi;
  private readonly eventsApi: EventsApi;
  private readonly sender: WebhookSender;
  private readonly server: Server;
  private readonly background = new Background(() => {
    const recent = this.calls.slice(-6).map((c) => `${c.method} ${c.path} → ${c.status}`);
    return `last calls: ${recent.join(', ') || 'none'}`;
  });
  private down = false;
  private port = 0;

  constructor(readonly options: PagerDutyEmulatorOptions) {
    this.clock = new PagerDutyClock(options.now);
    const now = () => this.clock.now();
    this.account = new PagerDutyAccount(options.timeZone ?? 'UTC');
    for (const user of options.users) this.account.addUser(user);
    for (const schedule of options.schedules ?? []) this.account.addSchedule(schedule);
    for (const policy of options.escalationPolicies) this.account.addEscalationPolicy(policy);
    for (const service of options.services) this.account.addService(service, now());
    for (const [key, serviceId] of Object.entries(options.routingKeys)) this.account.addRoutingKey(key, serviceId);
    this.book = new IncidentBook(this.account, now, (change) => this.incidentChanged(change));
    this.restRateLimit = new RestRateLimiter(options.restRateLimit ?? {}, now);
    this.eventsRateLimit = new EventsRateLimiter(options.eventsRateLimit ?? {}, now);
    this.rest = new RestApi(
      this.account,
      () => this.view,
      this.faults,
      this.restRateLimit,
      {
        token: options.token,
        userTokens: options.userTokens ?? {},
        requireAccept: options.requireAccept ?? true,
      },
      now,
    );
    this.eventsApi = new EventsApi(this.account, this.book, this.faults, this.eventsRateLimit, now);
    const secrets = typeof options.webhookSecret === 'string' ? [options.webhookSecret] : [...options.webhookSecret];
    this.sender = new WebhookSender(
      {
        secrets,
        subscriptionId: options.subscriptionId ?? pagerDutyId(),
        ...(options.webhookUrl ? { url: options.webhookUrl } : {}),
        ...(options.webhookEvents ? { events: options.webhookEvents } : {}),
        ...options.webhook,
      },
      { now, sleep: (ms) => this.background.sleep(ms), changed: () => this.changed() },
    );
    this.server = createServer((req, res) => {
      const work = this.serve(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
      this.background.track(work);
    });
  }

  /**
   * Starts listening on loopback (an ephemeral port unless one is given).
   * @example
   * const pd = await PagerDutyEmulator.start({ token, webhookSecret, users, schedules,
   *   escalationPolicies, services, routingKeys: { [key]: 'PSVC001' }, webhookUrl });
   * // PAGERDUTY_EVENTS_URL=pd.eventsUrl, PAGERDUTY_API_URL=pd.restUrl
   */
  static async start(options: PagerDutyEmulatorOptions, port = 0): Promise<PagerDutyEmulator> {
    const emulator = new PagerDutyEmulator(options);
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

  /** In place of `https://events.pagerduty.com`: events go to `${eventsUrl}/v2/enqueue`. */
  get eventsUrl(): string {
    return `${this.baseUrl}${this.options.eventsPrefix ?? ''}`;
  }

  /** In place of `https://api.pagerduty.com`. */
  get restUrl(): string {
    return `${this.baseUrl}${this.options.restPrefix ?? ''}`;
  }

  get incidents(): readonly PdIncident[] {
    return this.book.incidents;
  }

  /** The events the Events API accepted, with what each did. */
  get events(): readonly RecordedEvent[] {
    return this.eventsApi.events;
  }

  get deliveries(): readonly RecordedWebhook[] {
    return this.sender.deliveries;
  }

  get subscriptionDisabled(): boolean {
    return this.sender.disabled;
  }

  /** The emulated time. */
  now(): number {
    return this.clock.now();
  }

  advanceClock(ms: number): void {
    this.clock.advance(ms);
    this.changed();
  }

  setClock(at: Date | number | string): void {
    this.clock.set(at);
    this.changed();
  }

  incident(id: string): PdIncident {
    const incident = this.book.get(id);
    if (!incident) throw new Error(`no incident ${id} in the PagerDuty emulator`);
    return incident;
  }

  /** An incident as `GET /incidents/{id}` shows it. */
  incidentJson(id: string): Record<string, unknown> {
    return incidentJson(this.view, this.incident(id));
  }

  /** The on-calls overlapping [since, until] (default now), as `GET /oncalls` computes them. */
  onCalls(since = this.now(), until = since): OnCall[] {
    return onCalls(this.account, since, until);
  }

  addShift(scheduleId: string, shift: ShiftSpec): void {
    this.account.addShift(scheduleId, shift);
  }

  /** A user acknowledges, as from the app or a phone: `incident.acknowledged` is delivered. */
  acknowledge(incidentId: string, byUserId: string): void {
    this.book.acknowledge(this.incident(incidentId), this.userAgent(byUserId));
  }

  /** A user resolves: `incident.resolved` is delivered. */
  resolve(incidentId: string, byUserId: string): void {
    this.book.resolve(this.incident(incidentId), this.userAgent(byUserId));
  }

  /** Points the subscription at the app, e.g. `http://127.0.0.1:3000/hooks/pagerduty`. */
  connectWebhook(url: string): void {
    this.sender.url = url;
  }

  /** Re-enables the subscription after 3 consecutive drops disabled it. */
  enableSubscription(): void {
    this.sender.enable();
  }

  /**
   * Sends one webhook of `eventType` about the incident as it is now, and resolves once it is
   * delivered, dropped or given up.
   */
  deliver(
    eventType: IncidentEventType,
    incident: PdIncident | string,
    options?: DeliverOptions,
  ): Promise<RecordedWebhook> {
    const target = typeof incident === 'string' ? this.incident(incident) : incident;
    const note = target.notes.at(-1);
    const change: IncidentChange = {
      eventType,
      incident: target,
      agent: target.lastStatusChangeBy,
      ...(note ? { note } : {}),
    };
    return this.track(this.sender.deliver(webhookEnvelope(this.view, change, this.now()), target.id, options));
  }

  /** Sends webhook `webhookId` again: the same bytes under the same `X-Webhook-Id`. */
  redeliver(webhookId: string): Promise<RecordedWebhook> {
    return this.track(this.sender.redeliver(webhookId));
  }

  injectFault(rule: PagerDutyFaultRule): void {
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** While down, every connection is cut unanswered and nothing is recorded. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** Turns the Events API's per-key limit on or off, or changes it. */
  setEventsRateLimit(options: EventsRateLimitOptions | boolean): void {
    this.eventsRateLimit.configure(typeof options === 'boolean' ? { enabled: options } : { enabled: true, ...options });
  }

  setRestRateLimit(options: RestRateLimitOptions): void {
    this.restRateLimit.configure(options);
  }

  /** What went wrong in the background (a webhook that could not be built or sent): tests should expect none. */
  get problems(): readonly string[] {
    return this.background.problems;
  }

  /** Resolves when `check` returns something other than undefined/false; rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    return this.background.waitFor(check, timeoutMs);
  }

  /** Resolves when no call is being answered and no webhook is being sent or waiting to retry. */
  idle(): Promise<void> {
    return this.background.idle();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.background.stop();
    await closed;
  }

  private get view(): View {
    return {
      account: this.account,
      book: this.book,
      links: { api: this.restUrl, web: `https://${this.options.subdomain ?? 'warroom-test'}.pagerduty.com` },
      timeZone: this.account.timeZone,
    };
  }

  private userAgent(userId: string) {
    if (!this.account.user(userId)) throw new Error(`no user ${userId} in the PagerDuty emulator`);
    return { type: 'user' as const, id: userId };
  }

  private incidentChanged(change: IncidentChange): void {
    this.changed();
    if (this.background.stopped || !this.sender.subscribes(change.eventType)) return;
    // Built now, so the webhook shows the incident as it was at this change.
    let payload: Record<string, unknown>;
    try {
      payload = webhookEnvelope(this.view, change, this.now());
    } catch (error) {
      this.background.problems.push(error instanceof Error ? error.message : String(error));
      return;
    }
    this.track(this.sender.deliver(payload, change.incident.id));
  }

  private track<T>(work: Promise<T>): Promise<T> {
    return this.background.track(work);
  }

  private changed(): void {
    this.background.changed();
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    const headers = lowerHeaders(req);
    const { record, outcome } = handleCall(
      {
        eventsApi: this.eventsApi,
        rest: this.rest,
        eventsPrefix: this.options.eventsPrefix,
        restPrefix: this.options.restPrefix,
      },
      { method, url, headers, raw, text: raw.toString('utf8') },
      { seq: this.calls.length + 1, at: this.now() },
    );
    this.calls.push(record);
    this.changed();
    await respond(res, outcome);
  }
}
