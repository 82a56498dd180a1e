/**
 * @module sandbox/github/hookshot
 * GitHub's webhook sender: one POST per delivery to the configured URL with GitHub's headers
 * (`X-GitHub-Event`, a GUID `X-GitHub-Delivery`, `X-GitHub-Hook-ID`, both signatures, a
 * `GitHub-Hookshot/…` User-Agent, `Content-Type: application/json`), a 10 s wait for the answer, and
 * no automatic retry: a failed delivery stays failed until redelivered, which resends the same bytes
 * under the same delivery id. Payloads are checked against the event's schema before they leave.
 */
import { randomUUID } from 'node:crypto';
import { sendWebhook, type WebhookOutcome } from '../webhook-sender.js';
import { payloadProblems } from './contract.js';
import { signSha1, signSha256 } from './signature.js';

export type SignatureMode = 'valid' | 'wrong' | 'none';

export interface DeliverOptions {
  /** `wrong` signs with another secret, `none` leaves both signature headers out (default valid). */
  signature?: SignatureMode;
  /** Send a payload that breaks the event's schema on purpose (default: refuse to). */
  skipSchemaCheck?: boolean;
}

/** One delivery as sent, with what the app answered. */
export interface RecordedDelivery {
  /** The `X-GitHub-Delivery` GUID (the same on a redelivery). */
  id: string;
  event: string;
  action: string | undefined;
  /** The exact headers sent. */
  headers: Record<string, string>;
  /** The exact body bytes sent. */
  body: string;
  payload: Record<string, unknown>;
  redelivery: boolean;
  outcome?: WebhookOutcome;
  at: number;
}

export interface HookshotOptions {
  secret: string;
  hookId: number;
  timeoutMs?: number;
}

export class Hookshot {
  readonly deliveries: RecordedDelivery[] = [];
  url: string | undefined;

  constructor(
    private readonly options: HookshotOptions,
    private readonly onChange: () => void,
  ) {}

  /** Signs and sends one delivery of `event` and resolves with the record once the app has answered. */
  async deliver(
    event: string,
    payload: Record<string, unknown>,
    options: DeliverOptions = {},
  ): Promise<RecordedDelivery> {
    if (!options.skipSchemaCheck) {
      const problems = payloadProblems(event, payload);
      if (problems.length > 0) throw new Error(`${event} payload breaks its schema:\n${problems.join('\n')}`);
    }
    const body = JSON.stringify(payload);
    const id = randomUUID();
    const headers: Record<string, string> = {
      Accept: '*/*',
      'Content-Type': 'application/json',
      'User-Agent': 'GitHub-Hookshot/044aadd',
      'X-GitHub-Delivery': id,
      'X-GitHub-Event': event,
      'X-GitHub-Hook-ID': String(this.options.hookId),
      // A repository hook's target is the repository.
      'X-GitHub-Hook-Installation-Target-ID': String((payload.repository as { id?: unknown } | undefined)?.id ?? ''),
      'X-GitHub-Hook-Installation-Target-Type': 'repository',
    };
    const mode = options.signature ?? 'valid';
    if (mode !== 'none') {
      const secret = mode === 'valid' ? this.options.secret : `${this.options.secret}-but-wrong`;
      headers['X-Hub-Signature'] = signSha1(secret, body);
      headers['X-Hub-Signature-256'] = signSha256(secret, body);
    }
    const action = typeof payload.action === 'string' ? payload.action : undefined;
    return this.send({ id, event, action, headers, body, payload, redelivery: false, at: Date.now() });
  }

  /** Sends delivery `id` again: the same headers and bytes, under the same `X-GitHub-Delivery`. */
  redeliver(id: string): Promise<RecordedDelivery> {
    const original = this.deliveries.find((d) => d.id === id && !d.redelivery);
    if (!original) throw new Error(`no delivery ${id} to redeliver`);
    const { outcome: _outcome, ...copy } = original;
    return this.send({ ...copy, redelivery: true, at: Date.now() });
  }

  private async send(record: RecordedDelivery): Promise<RecordedDelivery> {
    this.deliveries.push(record);
    if (!this.url) {
      record.outcome = { kind: 'failed', error: 'no webhook URL configured', durationMs: 0 };
    } else {
      record.outcome = await sendWebhook({
        url: this.url,
        method: 'POST',
        headers: record.headers,
        body: record.body,
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
    }
    this.onChange();
    return record;
  }
}
