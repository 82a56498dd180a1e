/**
 * @module sandbox/transport
 * How the emulator reaches the app: signed HTTP requests to the app's request URL, or envelopes over
 * Socket Mode. Both return what the app acknowledged.
 */
import { signRequest } from './signing.js';
import type { EnvelopeType, SocketModeServer } from './socket-mode.js';

/** Slack waits this long for an app to answer a request (and then retries an event). */
export const SLACK_ANSWER_MS = 3000;

export type RequestKind = 'command' | 'interactive' | 'event';

/** One request Slack sends an app: the kind, the raw body as Slack encodes it, and the parsed payload. */
export interface SlackRequest {
  kind: RequestKind;
  rawBody: string;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  /** What Socket Mode carries for the same request. */
  payload: Record<string, unknown>;
}

export interface DeliveryOptions {
  retryNum?: number;
  retryReason?: string;
  /** Override the signing timestamp (seconds), e.g. to send a stale request. */
  timestamp?: number;
  /** Sign with another secret, e.g. to send a forged request. */
  signingSecret?: string;
  timeoutMs?: number;
}

/** What the app answered: HTTP status and body (Socket Mode acks are reported as 200 with the ack payload). */
export interface AppAnswer {
  status: number;
  body: string;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
  durationMs: number;
}

export interface AppTransport {
  readonly mode: 'http' | 'socket';
  send(request: SlackRequest, options: DeliveryOptions): Promise<AppAnswer>;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Signed HTTP POSTs to the app's request URL, exactly as Slack sends them. */
export class HttpTransport implements AppTransport {
  readonly mode = 'http';
  constructor(
    private readonly url: string,
    private readonly signingSecret: string,
  ) {}

  async send(request: SlackRequest, options: DeliveryOptions): Promise<AppAnswer> {
    const started = performance.now();
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': request.contentType,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signRequest(options.signingSecret ?? this.signingSecret, timestamp, request.rawBody),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
    }
    const response = await fetch(this.url, {
      method: 'POST',
      headers,
      body: request.rawBody,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const body = await response.text();
    return { status: response.status, body, json: parseJson(body), durationMs: performance.now() - started };
  }
}

const ENVELOPE: Record<RequestKind, EnvelopeType> = {
  command: 'slash_commands',
  interactive: 'interactive',
  event: 'events_api',
};

/** Envelopes over the app's Socket Mode connection. */
export class SocketTransport implements AppTransport {
  readonly mode = 'socket';
  constructor(private readonly server: SocketModeServer) {}

  async send(request: SlackRequest, options: DeliveryOptions): Promise<AppAnswer> {
    const started = performance.now();
    await this.server.waitForConnection();
    const ack = await this.server.deliver(ENVELOPE[request.kind], request.payload, {
      ...(options.retryNum !== undefined ? { retryAttempt: options.retryNum } : {}),
      ...(options.retryReason !== undefined ? { retryReason: options.retryReason } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    const body = ack.payload === undefined ? '' : JSON.stringify(ack.payload);
    return { status: 200, body, json: ack.payload, durationMs: performance.now() - started };
  }
}
