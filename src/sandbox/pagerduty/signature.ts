/**
 * @module sandbox/pagerduty/signature
 * The `X-PagerDuty-Signature` of a v3 webhook: `v1=` + lowercase hex HMAC-SHA256 of the raw body,
 * keyed with the subscription's secret as UTF-8; one entry per active secret, comma-separated, during
 * a rotation. A receiver accepts the delivery when any entry matches (compared in constant time).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One `v1=` entry.
 * @example
 * signV1(vector.secret, vector.body) // 'v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd'
 */
export function signV1(secret: string, body: string | Buffer): string {
  return `v1=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex')}`;
}

/** The header for every secret in `secrets`, in order. */
export function signatureHeader(secrets: readonly string[], body: string | Buffer): string {
  return secrets.map((secret) => signV1(secret, body)).join(',');
}

/** True when one of the header's `v1=` entries is the body's signature under one of `secrets`. */
export function verifySignature(
  header: string | undefined,
  body: string | Buffer,
  secrets: readonly string[],
): boolean {
  if (!header) return false;
  const given = header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v1='))
    .map((entry) => Buffer.from(entry));
  return secrets.some((secret) => {
    const expected = Buffer.from(signV1(secret, body));
    return given.some((entry) => entry.length === expected.length && timingSafeEqual(entry, expected));
  });
}
