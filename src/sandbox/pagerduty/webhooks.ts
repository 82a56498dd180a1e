/**
 * @module sandbox/pagerduty/webhooks
 * The emulator's one v3 webhook subscription, sending as docs/webhooks-02-Behavior.md describes:
 * a POST with `Content-Type: application/json`, `User-Agent: PagerDuty-Webhook/V3.0`,
 * `X-PagerDuty-Signature` (one `v1=` per secret), `X-Webhook-Id` (the same on every attempt and on a
 * redelivery) and `X-Webhook-Subscription`; a 2xx within the timeout (5 s) delivers it; a timeout,
 * a 5xx, a 429 or a connection error is retried after each of `retryWaitsMs` in turn (PagerDuty
 * retries for 48 h; how often is not documented, so the waits are the emulator's and tests shorten
 * them); any other 4xx drops it at once. Deliveries of one incident go in order, each waiting for the
 * one before. After 3 consecutive drops the subscription is disabled for 24 h (emulated time): what
 * is queued and what comes next is dropped unsent, until then or `enable()`.
 */
import { randomUUID } from 'node:crypto';
import { sendWebhook, type WebhookOutcome } from '../webhook-sender.js';
import { signatureHeader } from './signature.js';

export type SignatureMode = 'valid' | 'wrong' | 'none';

export interface DeliverOptions {
  /** `wrong` signs with other secrets, `none` leaves the signature header out (default: the subscription's). */
  signature?: SignatureMode;
}

export interface WebhookAttempt {
  at: number;
  outcome: WebhookOutcome;
  /** How long the sender waited after this attempt before the next (absent after the last). */
  waitedMs?: number;
}

/** One webhook as sent, with every attempt and how it ended. */
export interface RecordedWebhook {
  /** `X-Webhook-Id`: the same on every attempt and on a redelivery. */
  webhookId: string;
  eventId: string;
  eventType: string;
  incidentId: string;
  /** The exact headers sent. */
  headers: Record<string, string>;
  /** The exact body bytes sent. */
  body: string;
  payload: Record<string, unknown>;
  redelivery: boolean;
  attempts: WebhookAttempt[];
  /** `disabled`: dropped unsent while the subscription was disabled. */
  result: 'pending' | 'delivered' | 'dropped' | 'gave-up' | 'disabled';
  at: number;
}

export interface WebhookSenderOptions {
  url?: string;
  secrets: readonly string[];
  subscriptionId: string;
  /** The event types the subscription takes (default every one the emulator sends). */
  events?: readonly string[];
  /** How long to wait for an answer (default 5 s). */
  timeoutMs?: number;
  /** The waits before each retry (default 1 s, 5 s, 30 s, 2 min, 10 min); then it is given up. */
  retryWaitsMs?: readonly number[];
  signature?: SignatureMode;
}

export interface WebhookSenderHost {
  /** The emulated clock (disablement, `at`). */
  now(): number;
  sleep(ms: number): Promise<void>;
  changed(): void;
}

const DISABLE_AFTER_DROPS = 3;
const DISABLED_FOR_MS = 24 * 60 * 60 * 1000;

export class WebhookSender {
  readonly deliveries: RecordedWebhook[] = [];
  url: string | undefined;
  private readonly queues = new Map<string, Promise<unknown>>();
  private consecutiveDrops = 0;
  private disabledUntil = 0;

  constructor(
    private readonly options: WebhookSenderOptions,
    private readonly host: WebhookSenderHost,
  ) {
    this.url = options.url;
  }

  get disabled(): boolean {
    return this.host.now() < this.disabledUntil;
  }

  /** Re-enables a disabled subscription, as its "Enable" button does. */
  enable(): void {
    this.disabledUntil = 0;
    this.consecutiveDrops = 0;
  }

  subscribes(eventType: string): boolean {
    return this.url !== undefined && (this.options.events === undefined || this.options.events.includes(eventType));
  }

  /** Signs and queues one webhook; resolves with its record once it is delivered, dropped or given up. */
  deliver(
    payload: Record<string, unknown>,
    incidentId: string,
    options: DeliverOptions = {},
  ): Promise<RecordedWebhook> {
    const body = JSON.stringify(payload);
    const event = payload.event as { id: string; event_type: string };
    const webhookId = randomUUID();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'PagerDuty-Webhook/V3.0',
      'X-Webhook-Id': webhookId,
      'X-Webhook-Subscription': this.options.subscriptionId,
    };
    const mode = options.signature ?? this.options.signature ?? 'valid';
    if (mode !== 'none') {
      const secrets = mode === 'valid' ? this.options.secrets : this.options.secrets.map((s) => `${s}-but-wrong`);
      headers['X-PagerDuty-Signature'] = signatureHeader(secrets, body);
    }
    return this.enqueue({
      webhookId,
      eventId: event.id,
      eventType: event.event_type,
      incidentId,
      headers,
      body,
      payload,
      redelivery: false,
      attempts: [],
      result: 'pending',
      at: this.host.now(),
    });
  }

  /** Sends webhook `webhookId` again: the same bytes, headers and `X-Webhook-Id`. */
  redeliver(webhookId: string): Promise<RecordedWebhook> {
    const original = this.deliveries.find((d) => d.webhookId === webhookId && !d.redelivery);
    if (!original) throw new Error(`no webhook ${webhookId} to redeliver`);
    return this.enqueue({
      ...original,
      headers: { ...original.headers },
      redelivery: true,
      attempts: [],
      result: 'pending',
      at: this.host.now(),
    });
  }

  private enqueue(record: RecordedWebhook): Promise<RecordedWebhook> {
    if (!this.url)
      return Promise.reject(new Error('the PagerDuty emulator has no webhook URL: call connectWebhook first'));
    this.deliveries.push(record);
    if (this.disabled) {
      record.result = 'disabled';
      this.host.changed();
      return Promise.resolve(record);
    }
    const before = this.queues.get(record.incidentId) ?? Promise.resolve();
    const sent = before.then(() => this.send(record));
    this.queues.set(
      record.incidentId,
      sent.catch(() => undefined),
    );
    return sent;
  }

  private async send(record: RecordedWebhook): Promise<RecordedWebhook> {
    const waits = this.options.retryWaitsMs ?? [1000, 5000, 30_000, 120_000, 600_000];
    for (let attempt = 0; ; attempt += 1) {
      const url = this.url;
      if (this.disabled || !url) {
        record.result = 'disabled';
        break;
      }
      const outcome = await sendWebhook({
        url,
        method: 'POST',
        headers: record.headers,
        body: record.body,
        timeoutMs: this.options.timeoutMs ?? 5000,
      });
      const entry: WebhookAttempt = { at: this.host.now(), outcome };
      record.attempts.push(entry);
      this.host.changed();
      if (outcome.kind === 'answered' && outcome.status >= 200 && outcome.status < 300) {
        record.result = 'delivered';
        break;
      }
      const retryable = outcome.kind === 'failed' || outcome.status === 429 || outcome.status >= 500;
      if (!retryable || attempt >= waits.length) {
        record.result = retryable ? 'gave-up' : 'dropped';
        break;
      }
      entry.waitedMs = waits[attempt] ?? 0;
      await this.host.sleep(entry.waitedMs);
    }
    this.settled(record);
    return record;
  }

  private settled(record: RecordedWebhook): void {
    if (record.result === 'delivered') this.consecutiveDrops = 0;
    else if (record.result === 'dropped' || record.result === 'gave-up') {
      this.consecutiveDrops += 1;
      if (this.consecutiveDrops >= DISABLE_AFTER_DROPS) this.disabledUntil = this.host.now() + DISABLED_FOR_MS;
    }
    this.host.changed();
  }
}
