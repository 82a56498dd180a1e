/**
 * @module sandbox/github/signature
 * The signatures GitHub puts on every webhook delivery: `X-Hub-Signature-256` and the legacy
 * `X-Hub-Signature`, both HMACs of the raw body bytes keyed with the webhook secret.
 */
import { createHmac } from 'node:crypto';

/**
 * `sha256=` + lowercase hex HMAC-SHA256 of the raw body.
 * @example
 * signSha256("It's a Secret to Everybody", 'Hello, World!')
 * // 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'
 */
export function signSha256(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** `sha1=` + lowercase hex HMAC-SHA1 of the raw body, sent only for old receivers. */
export function signSha1(secret: string, body: string | Buffer): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}
