/**
 * @module sandbox/pagerduty/ids
 * Identifiers shaped like PagerDuty's: `P` and six uppercase letters or digits for objects
 * (`PT4KHLK`), 32 lowercase hex digits for generated dedup keys (`dfead9d88e0649e8b7dee514b1875756`),
 * and 26-character ULID-like ids for webhook events (`01FKZSRAPTMF55RE69G8BQHGC6`).
 */
import { randomBytes, randomInt } from 'node:crypto';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function pagerDutyId(prefix = 'P'): string {
  return `${prefix}${pick(UPPER, 6)}`;
}

export function dedupKey(): string {
  return randomBytes(16).toString('hex');
}

export function eventId(): string {
  return `01${pick(UPPER, 24)}`;
}
