/**
 * @module sandbox/signing
 * Slack's v0 request signature, as Slack computes it for every request it sends to an app.
 */
import { createHmac } from 'node:crypto';

/**
 * `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with the signing secret.
 * @example
 * signRequest('8f742231b10e8888abcd99yyyzzz85a5', '1531420618', body) // 'v0=a2114d…'
 */
export function signRequest(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}
