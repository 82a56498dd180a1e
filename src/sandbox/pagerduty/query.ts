/**
 * @module sandbox/pagerduty/query
 * Reading a REST query as PagerDuty does: array filters as `name[]=a&name[]=b`, booleans as
 * `true`/`false`, classic pagination (`limit` up to 100, default 25; `offset`; `more`; `total` null
 * unless `total=true`), `include[]` checked against the operation's enum, and `time_zone`.
 */
import type { PdAnswer } from './rest-errors.js';
import { invalidInput } from './rest-errors.js';
import { isTimeZone } from './time.js';

export class QueryError extends Error {
  constructor(readonly answer: PdAnswer) {
    super('bad query');
  }
}

export function list(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(`${name}[]`), ...query.getAll(name)].flatMap((v) => v.split(',')).filter(Boolean);
}

export function flag(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return false;
  if (raw !== 'true' && raw !== 'false') throw new QueryError(invalidInput(`${name} must be true or false`));
  return raw === 'true';
}

export function includes(query: URLSearchParams, allowed: readonly string[]): string[] {
  const given = list(query, 'include');
  const unknown = given.filter((i) => !allowed.includes(i));
  if (unknown.length > 0)
    throw new QueryError(invalidInput(`include[] must be one of ${allowed.join(', ')}; got ${unknown.join(', ')}`));
  return given;
}

export function timeZone(query: URLSearchParams, fallback: string): string {
  const zone = query.get('time_zone');
  if (zone === null || zone === '') return fallback;
  if (!isTimeZone(zone)) throw new QueryError(invalidInput(`Time zone ${zone} is not a valid time zone`));
  return zone;
}

function nonNegativeInt(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new QueryError(invalidInput(`${name} must be a non-negative integer`));
  return Number(raw);
}

/**
 * One page of `items` with PagerDuty's pagination fields, under `key`.
 * @example
 * paginate(query, 'oncalls', entries.map(render)) // { oncalls: [...], limit: 25, offset: 0, more: false, total: null }
 */
export function paginate(
  query: URLSearchParams,
  key: string,
  items: unknown[],
  maxLimit = 100,
): Record<string, unknown> {
  const limit = Math.min(nonNegativeInt(query, 'limit', 25) || 25, maxLimit);
  const offset = nonNegativeInt(query, 'offset', 0);
  return {
    [key]: items.slice(offset, offset + limit),
    limit,
    offset,
    more: offset + limit < items.length,
    total: flag(query, 'total') ? items.length : null,
  };
}
