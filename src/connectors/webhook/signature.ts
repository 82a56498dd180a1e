/**
 * @module connectors/webhook/signature
 * How warroom signs what it sends a deploy system: `X-Warroom-Signature: sha256=<hex>` of
 * HMAC-SHA256 over the exact body bytes, keyed with the shared secret (GitHub's scheme).
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Warroom-Signature';

/**
 * @example
 * signBody('s3cret', '{"service":"checkout"}') // 'sha256=…64 hex digits'
 */
export function signBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}
