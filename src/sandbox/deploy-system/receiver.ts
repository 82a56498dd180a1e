/**
 * @module sandbox/deploy-system/receiver
 * A stand-in deploy system with a rollback webhook, on loopback, for tests and the demo: it checks
 * `X-Warroom-Signature` (HMAC-SHA256 of the raw body, constant time; 401 and nothing done
 * otherwise), requires an `Idempotency-Key` and acts once per key (a repeat gets the first answer
 * again and is not a new rollback; the same key with another body is a 422), records every call,
 * and can be told to fail (5xx, 429, a 4xx refusal, slow, crash after the work).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lowerHeaders, readBody } from '../http-body.js';
import { type DeploySystemFault, type DeploySystemFaultRule, DeploySystemFaults } from './faults.js';

export type { DeploySystemFault, DeploySystemFaultRule } from './faults.js';

export interface DeploySystemOptions {
  /** The secret shared with warroom. */
  secret: string;
  /** The webhook's path (default `/rollback`). */
  path?: string;
}

/** One call as the receiver saw it. */
export interface RecordedWebhookCall {
  seq: number;
  method: string;
  path: string;
  /** Request headers, lower-case. */
  headers: Record<string, string>;
  /** The raw body. */
  body: string;
  signatureValid: boolean;
  idempotencyKey: string | undefined;
  /** 0 when the connection was cut instead of answered. */
  status: number;
  response: string;
  /** True when the key was seen before and the first answer was sent again. */
  replay: boolean;
  fault?: DeploySystemFault['kind'];
  at: number;
}

/** A rollback the deploy system started: one per idempotency key. */
export interface ReceivedRollback {
  id: string;
  idempotencyKey: string;
  body: Record<string, unknown>;
  at: number;
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const json = (status: number, value: unknown, headers?: Record<string, string>): Answer => ({
  status,
  body: JSON.stringify(value),
  ...(headers ? { headers } : {}),
});

function faultAnswer(fault: DeploySystemFault): Answer | undefined {
  const retryAfter = (value: string | undefined) => (value === undefined ? undefined : { 'retry-after': value });
  if (fault.kind === 'server-error')
    return json(fault.status, { error: 'deploy system unavailable' }, retryAfter(fault.retryAfter));
  if (fault.kind === 'rate-limit') return json(429, { error: 'too many requests' }, retryAfter(fault.retryAfter));
  if (fault.kind === 'refuse') return { status: fault.status, body: fault.body };
  return undefined;
}

export class DeploySystemReceiver {
  readonly calls: RecordedWebhookCall[] = [];
  readonly rollbacks: ReceivedRollback[] = [];
  private readonly faults = new DeploySystemFaults();
  private readonly firstAnswers = new Map<string, { body: string; answer: Answer }>();
  private readonly server: Server;
  private port = 0;

  constructor(readonly options: DeploySystemOptions) {
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
  }

  static async start(options: DeploySystemOptions): Promise<DeploySystemReceiver> {
    const receiver = new DeploySystemReceiver(options);
    await new Promise<void>((resolve, reject) => {
      receiver.server.once('error', reject);
      receiver.server.listen(0, '127.0.0.1', () => resolve());
    });
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  /** The webhook URL to configure warroom with. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.options.path ?? '/rollback'}`;
  }

  injectFault(rule: DeploySystemFaultRule): void {
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private verified(signature: string | undefined, body: string): boolean {
    const expected = Buffer.from(`sha256=${createHmac('sha256', this.options.secret).update(body).digest('hex')}`);
    const given = Buffer.from(signature ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    const headers = lowerHeaders(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = headers['idempotency-key']?.trim() || undefined;
    const record: RecordedWebhookCall = {
      seq: this.calls.length + 1,
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined)),
      body,
      signatureValid: this.verified(headers['x-warroom-signature'], body),
      idempotencyKey: key,
      status: 0,
      response: '',
      replay: false,
      at: Date.now(),
    };
    this.calls.push(record);
    const { answer, delayMs, crash } = this.handle(record);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (crash) {
      res.socket?.destroy();
      return;
    }
    record.status = answer.status;
    record.response = answer.body;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
  }

  private handle(record: RecordedWebhookCall): { answer: Answer; delayMs: number; crash: boolean } {
    const plain = (answer: Answer) => ({ answer, delayMs: 0, crash: false });
    if (record.method !== 'POST' || record.path !== (this.options.path ?? '/rollback'))
      return plain(json(404, { error: 'not found' }));
    if (!record.signatureValid) return plain(json(401, { error: 'signature does not match' }));
    const key = record.idempotencyKey;
    if (!key) return plain(json(400, { error: 'Idempotency-Key header required' }));
    const first = this.firstAnswers.get(key);
    if (first) {
      record.replay = true;
      if (first.body !== record.body)
        return plain(json(422, { error: 'Idempotency-Key was used with a different body' }));
      return plain(first.answer);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(record.body);
    } catch {
      return plain(json(400, { error: 'body is not JSON' }));
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      return plain(json(400, { error: 'body is not a JSON object' }));

    const fault = this.faults.take();
    if (fault) record.fault = fault.kind;
    const refused = fault && faultAnswer(fault);
    if (refused) return plain(refused);
    const rollback: ReceivedRollback = {
      id: `rb-${this.rollbacks.length + 1}`,
      idempotencyKey: key,
      body: parsed as Record<string, unknown>,
      at: Date.now(),
    };
    this.rollbacks.push(rollback);
    const answer = json(202, { accepted: true, rollback: { id: rollback.id } });
    this.firstAnswers.set(key, { body: record.body, answer });
    return { answer, delayMs: fault?.kind === 'slow' ? fault.delayMs : 0, crash: fault?.kind === 'crash-after' };
  }
}
