/**
 * @module connectors/webhook/rollback-webhook
 * The rollback driver for a deploy system that takes a webhook: one signed JSON POST carrying an
 * Idempotency-Key, so the job's retries are one rollback at the receiver. It never retries or
 * sleeps: 408, 429, 5xx and lost connections are retryable ConnectorErrors (Retry-After honoured,
 * in seconds or as an HTTP date); any other 4xx is final, with what the receiver said.
 */
import { oneLine, withoutSecrets } from '../answer-text.js';
import { ConnectorError } from '../errors.js';
import { deadline, networkReason } from '../network.js';
import { retryAfterMs, waitInWords } from '../retry-after.js';
import { SIGNATURE_HEADER, signBody } from './signature.js';

export interface RollbackWebhookOptions {
  url: string;
  /** The HMAC key shared with the receiver. */
  secret: string;
  /** The same for every attempt at one rollback, so the receiver acts once. */
  idempotencyKey: string;
  body: Record<string, unknown>;
  /** Give up on the call after this long (default 10 s). */
  timeoutMs?: number;
}

export interface RollbackWebhookAnswer {
  status: number;
  body: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DETAIL_BODY_CHARS = 300;
const MAYBE_DONE = ': the rollback may have started all the same';

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * POSTs `body` to the deploy system's rollback webhook, signed and keyed, and returns its 2xx answer.
 * @example
 * await callRollbackWebhook({ url, secret, idempotencyKey: `rollback:${incidentId}:${stepId}`,
 *   body: { service: 'checkout', version: 'v1.4.2', incident: incidentId } });
 */
export async function callRollbackWebhook(options: RollbackWebhookOptions): Promise<RollbackWebhookAnswer> {
  if (!options.idempotencyKey.trim())
    throw new ConnectorError({
      system: 'webhook',
      status: undefined,
      retryable: false,
      detail: 'A rollback webhook call needs an idempotency key, so that a retry is not a second rollback',
    });
  const raw = JSON.stringify(options.body);
  // Only the origin is ever shown: a webhook URL's path or query often holds a token.
  const where = new URL(options.url).origin;
  const { signal, expired } = deadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signBody(options.secret, raw),
        'Idempotency-Key': options.idempotencyKey,
        'User-Agent': 'warroom',
      },
      body: raw,
      redirect: 'manual',
      signal,
    });
    text = await response.text();
  } catch (error) {
    const what = expired()
      ? `The rollback webhook at ${where} did not answer within ${waitInWords(options.timeoutMs ?? DEFAULT_TIMEOUT_MS)}`
      : `No answer from the rollback webhook at ${where} (${oneLine(networkReason(error), 200)})`;
    throw new ConnectorError({
      system: 'webhook',
      status: undefined,
      retryable: true,
      detail: `${what}${MAYBE_DONE}`,
      cause: error,
    });
  }
  const { status } = response;
  if (status >= 200 && status < 300) return { status, body: text };
  const said = withoutSecrets(oneLine(text, DETAIL_BODY_CHARS), options.secret);
  const retryable = isRetryableStatus(status);
  // A redirect is not followed (a POST would turn into a GET); the URL should name the final place.
  const redirect =
    status >= 300 && status < 400 ? ' (a redirect, which warroom does not follow: configure the final URL)' : '';
  throw new ConnectorError({
    system: 'webhook',
    status,
    retryable,
    retryAfterMs: retryable ? retryAfterMs(response.headers.get('retry-after')) : undefined,
    detail: `The rollback webhook at ${where} answered ${status}${said ? `: ${said}` : ''}${redirect}${status >= 500 ? MAYBE_DONE : ''}`,
  });
}
