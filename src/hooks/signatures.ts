/**
 * @module hooks/signatures
 * Who may post to `/hooks/*`: an HMAC-SHA256 of the raw body (GitHub's `X-Hub-Signature-256`, and the
 * same scheme as `X-Warroom-Signature` for any CI), or a shared secret in a header (Argo CD, which
 * signs nothing). Every comparison takes the same time whatever the secret and the guess; a missing
 * or malformed header is a plain `false`, never an exception.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=` and exactly 64 hex digits: anything else (odd length, non-hex, multibyte) is not a signature. */
const SHA256_HEADER = /^sha256=([0-9a-fA-F]{64})$/;

function verifySha256Hmac(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  // An empty secret is a configuration mistake; an HMAC keyed with it proves nothing.
  if (!secret || typeof header !== 'string') return false;
  const hex = SHA256_HEADER.exec(header)?.[1];
  if (!hex) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}

/**
 * Whether `header` (GitHub's `X-Hub-Signature-256`) is `sha256=` + hex HMAC-SHA256 of the raw body
 * keyed with the webhook secret.
 * @example
 * verifyHubSignature256(Buffer.from('Hello, World!'),
 *   'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17', "It's a Secret to Everybody") // true
 */
export function verifyHubSignature256(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  return verifySha256Hmac(rawBody, header, secret);
}

/**
 * Whether `header` (`X-Warroom-Signature`, sent by any CI to `/hooks/deploys`) is `sha256=` + hex
 * HMAC-SHA256 of the raw body keyed with the shared secret: GitHub's scheme, so the same
 * `openssl dgst -sha256 -hmac "$SECRET"` a CI step already knows makes it.
 * @example
 * verifyWarroomSignature(rawBody, req.headers['x-warroom-signature'], config.deploysSecret)
 */
export function verifyWarroomSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  return verifySha256Hmac(rawBody, header, secret);
}

/**
 * Whether a presented secret (Argo CD's `X-Warroom-Token`) is the expected one. Both are hashed
 * first, so the comparison is of two 32-byte digests and says nothing about either's length.
 * @example
 * sharedSecretMatches(req.headers['x-warroom-token'], config.argocdSecret)
 */
export function sharedSecretMatches(presented: string | undefined, expected: string): boolean {
  if (!expected || typeof presented !== 'string') return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
