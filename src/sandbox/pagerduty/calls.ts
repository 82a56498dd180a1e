/**
 * @module sandbox/pagerduty/calls
 * What the emulator records of every HTTP call to it, REST or Events API: the request as sent (the
 * key itself never), how it was authenticated, what it answered, and which fault it met.
 */
import type { PagerDutyFault } from './faults.js';

export interface RecordedPagerDutyCall {
  seq: number;
  api: 'rest' | 'events';
  /** The specs' operationId, when the call reached an operation. */
  operation?: string;
  method: string;
  /** The path as sent, without the query. */
  path: string;
  query: Record<string, string[]>;
  /** Request headers, lower-case, without Authorization. */
  headers: Record<string, string>;
  /** REST only: the scheme of the Authorization header, and whether the key was accepted. */
  auth?: { scheme: 'token' | 'bearer' | 'none' | 'other'; valid: boolean; kind?: 'account' | 'user' };
  /** REST only: the `From` header. */
  from?: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  status: number;
  response: unknown;
  fault?: PagerDutyFault['kind'];
  /** True when the connection was destroyed instead of answered. */
  crashed: boolean;
  at: number;
}

export function recordableHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && name !== 'authorization') out[name] = value;
  return out;
}

export function queryOf(url: URL): Record<string, string[]> {
  return Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k)]));
}

export function parsedForRecord(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
