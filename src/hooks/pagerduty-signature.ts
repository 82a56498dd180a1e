/**
 * @module hooks/pagerduty-signature
 * Who may post to `/hooks/pagerduty`: a PagerDuty v3 webhook carries `X-PagerDuty-Signature`, a
 * comma-separated list of `v1=` + hex HMAC-SHA256 of the raw body keyed with the subscription's secret
 * (UTF-8). While a secret is being rotated PagerDuty signs with each active one, so the delivery is
 * genuine when any `v1` entry matches any secret we hold. Each comparison is the timing-safe one of
 * hooks/signatures; a missing or garbled header is a plain `false`, never an exception.
 */
import { verifyHubSignature256 } from './signatures.js';

/** One entry: `v1=` and exactly 64 hex digits. Entries of other versions are skipped, not refused. */
const V1_ENTRY = /^v1=([0-9a-fA-F]{64})$/;

/**
 * At most this many `v1` entries are tried: PagerDuty sends one per active secret (two during a
 * rotation), and each try is an HMAC of the whole body, so a header stuffed with entries costs no more.
 */
export const MAX_SIGNATURE_ENTRIES = 8;

/** The hex digests a header carries, in order; empty for anything that is not a signature header. */
function v1Digests(header: string | undefined): string[] {
  if (typeof header !== 'string') return [];
  const digests: string[] = [];
  for (const entry of header.split(',')) {
    const hex = V1_ENTRY.exec(entry.trim())?.[1];
    if (hex) digests.push(hex);
    if (digests.length === MAX_SIGNATURE_ENTRIES) break;
  }
  return digests;
}

/**
 * Whether `header` (`X-PagerDuty-Signature`, e.g. `v1=0c0b…76cd` or `v1=<old>,v1=<new>`) holds an HMAC-SHA256
 * of `rawBody` under one of `secrets`. Empty secrets are ignored (a key of nothing proves nothing).
 * @example
 * verifyPagerDutySignature(rawBody, req.headers['x-pagerduty-signature'], [config.pagerDutySecret, config.pagerDutyOldSecret])
 */
export function verifyPagerDutySignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: string | readonly string[],
): boolean {
  const keys = (typeof secrets === 'string' ? [secrets] : [...secrets]).filter((s) => typeof s === 'string' && s);
  const digests = v1Digests(header);
  // The same HMAC and constant-time comparison as GitHub's `sha256=` header, entry by entry.
  return keys.some((secret) => digests.some((hex) => verifyHubSignature256(rawBody, `sha256=${hex}`, secret)));
}
