import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedSecretMatches, verifyHubSignature256, verifyWarroomSignature } from '../../src/hooks/signatures.js';

const VECTOR = new URL('../fixtures/contracts/github/webhook-signature-test-vector.json', import.meta.url);
const vector = JSON.parse(readFileSync(VECTOR, 'utf8')) as {
  secret: string;
  payload: string;
  expected_signature_hex: string;
  expected_header: { 'X-Hub-Signature-256': string };
};
const body = Buffer.from(vector.payload, 'utf8');
const header = vector.expected_header['X-Hub-Signature-256'];
const hex = vector.expected_signature_hex;
const sign = (secret: string, raw: Buffer) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe.each([
  ['verifyHubSignature256', verifyHubSignature256],
  ['verifyWarroomSignature', verifyWarroomSignature],
])('%s', (_name, verify) => {
  it('should accept the documented test vector', () => {
    expect(header).toBe(`sha256=${hex}`);
    expect(verify(body, header, vector.secret)).toBe(true);
  });

  it('should accept the signature in upper-case hex', () => {
    expect(verify(body, `sha256=${hex.toUpperCase()}`, vector.secret)).toBe(true);
  });

  it('should refuse the vector when one byte of the body changed', () => {
    const changed = Buffer.from(body);
    changed[0] = (changed[0] ?? 0) ^ 1;
    expect(verify(changed, header, vector.secret)).toBe(false);
    expect(verify(Buffer.concat([body, Buffer.from('\n')]), header, vector.secret)).toBe(false);
  });

  it('should refuse the vector when one digit of the signature changed', () => {
    const last = hex.at(-1) === '0' ? '1' : '0';
    expect(verify(body, `sha256=${hex.slice(0, -1)}${last}`, vector.secret)).toBe(false);
  });

  it('should refuse the vector under another secret', () => {
    expect(verify(body, header, `${vector.secret} `)).toBe(false);
    expect(verify(body, header, 'its a secret to everybody')).toBe(false);
  });

  it.each([
    ['the legacy sha1 prefix', `sha1=${hex}`],
    ['an upper-case prefix', `SHA256=${hex}`],
    ['no prefix', hex],
    ['a space after the prefix', `sha256= ${hex}`],
    ['a space before the prefix', ` sha256=${hex}`],
    ['a trailing newline', `${header}\n`],
    ['two signatures', `${header},${header}`],
    ['an odd-length hex (63 digits)', `sha256=${hex.slice(0, 63)}`],
    ['an odd-length hex (65 digits)', `sha256=${hex}0`],
    ['half the digits', `sha256=${hex.slice(0, 32)}`],
    ['a non-hex digit', `sha256=${hex.slice(0, 63)}g`],
    ['a multibyte character in place of a digit', `sha256=${hex.slice(0, 63)}é`],
    ['an emoji in place of two digits', `sha256=${hex.slice(0, 62)}🔥`],
    ['full-width digits', `sha256=${hex.slice(0, 63)}０`],
    ['only the prefix', 'sha256='],
    ['an empty header', ''],
  ])('should refuse %s without throwing', (_what, given) => {
    expect(verify(body, given, vector.secret)).toBe(false);
  });

  it('should refuse a delivery with no signature header', () => {
    expect(verify(body, undefined, vector.secret)).toBe(false);
  });

  it('should refuse everything when no secret is configured, even an HMAC keyed with the empty string', () => {
    expect(verify(body, sign('', body), '')).toBe(false);
  });

  it('should accept exactly the signature of the body, for any body and secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.string({ minLength: 1, unit: 'grapheme' }), (bytes, secret) => {
        const raw = Buffer.from(bytes);
        expect(verify(raw, sign(secret, raw), secret)).toBe(true);
        expect(verify(Buffer.concat([raw, Buffer.from([0])]), sign(secret, raw), secret)).toBe(false);
      }),
    );
  });

  it('should never throw on any header, and accept none that is not the signature', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: 'binary' }).map((s) => `sha256=${s}`),
          fc.stringMatching(/^[0-9a-fA-F]{0,70}$/).map((s) => `sha256=${s}`),
        ),
        (given) => {
          const isTheSignature = given.startsWith('sha256=') && given.toLowerCase() === header;
          expect(verify(body, given, vector.secret)).toBe(isTheSignature);
        },
      ),
    );
  });
});

describe('sharedSecretMatches', () => {
  it('should accept the expected secret', () => {
    expect(sharedSecretMatches('s3cret-token', 's3cret-token')).toBe(true);
    expect(sharedSecretMatches('pässwört 🔑', 'pässwört 🔑')).toBe(true);
  });

  it.each([
    ['another secret', 'wrong-token'],
    ['a prefix of it', 's3cret'],
    ['it with more after it', 's3cret-token2'],
    ['it with a trailing space', 's3cret-token '],
    ['it in another case', 'S3CRET-TOKEN'],
    ['an empty value', ''],
  ])('should refuse %s', (_what, presented) => {
    expect(sharedSecretMatches(presented, 's3cret-token')).toBe(false);
  });

  it('should refuse a request without the header', () => {
    expect(sharedSecretMatches(undefined, 's3cret-token')).toBe(false);
  });

  it('should refuse everything when no secret is configured', () => {
    expect(sharedSecretMatches('', '')).toBe(false);
    expect(sharedSecretMatches('anything', '')).toBe(false);
  });

  it('should match exactly when the two are equal, for any strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ minLength: 1, unit: 'grapheme' }), (a, b) => {
        expect(sharedSecretMatches(a, b)).toBe(a === b);
        expect(sharedSecretMatches(b, b)).toBe(true);
      }),
    );
  });
});
