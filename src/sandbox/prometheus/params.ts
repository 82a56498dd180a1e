/**
 * @module sandbox/prometheus/params
 * The request parameters as Prometheus 2.42's web/api/v1 reads them: `r.FormValue` (a form-encoded
 * POST body before the URL query, the first value of a repeated name), `parseTime` (Unix seconds,
 * rounded to the millisecond, or RFC 3339) and `parseDuration` (seconds as a float, or a
 * Prometheus duration such as `1m30s`), with their error messages. Go's float syntax is followed for
 * decimals (underscores included); `inf`, `nan` and hex floats are not emulated and do not parse.
 */

export type Parsed<T> = { value: T } | { error: string };

/**
 * The parameters of a call (a POST body's, when form-encoded, first, then the URL's) and whether the
 * body had any. Go's ParseForm reads no body of a GET.
 */
export function formValues(
  method: string,
  url: URL,
  contentType: string | undefined,
  body: string,
): { values: Map<string, string>; inBody: boolean } {
  const values = new Map<string, string>();
  const form =
    method === 'POST' && contentType?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
  const bodyParams = form ? new URLSearchParams(body) : new URLSearchParams();
  for (const source of [bodyParams, url.searchParams])
    for (const [name, value] of source) if (!values.has(name)) values.set(name, value);
  return { values, inBody: bodyParams.size > 0 };
}

const GO_DECIMAL = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

function goParseFloat(text: string): number | undefined {
  return GO_DECIMAL.test(text) ? Number(text.replaceAll('_', '')) : undefined;
}

/** Go's math.Round: half away from zero. */
function goRound(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

function rfc3339Ms(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  const valid =
    date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  if (!valid) return undefined;
  const offsetMinutes = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return date.getTime() + millis - offsetMinutes * 60_000;
}

/** Prometheus's parseTime, in milliseconds since the epoch. */
export function parseTime(text: string): Parsed<number> {
  const seconds = goParseFloat(text);
  if (seconds !== undefined && Number.isFinite(seconds)) {
    // math.Modf, the fraction rounded to the millisecond, then time.Unix and timestamp.FromTime.
    let whole = Math.trunc(seconds);
    let nanos = Math.trunc((goRound((seconds - whole) * 1000) / 1000) * 1e9);
    if (nanos < 0) {
      nanos += 1e9;
      whole -= 1;
    }
    return { value: whole * 1000 + Math.floor(nanos / 1e6) };
  }
  const ms = rfc3339Ms(text);
  if (ms !== undefined) return { value: ms };
  return { error: `cannot parse ${JSON.stringify(text)} to a valid timestamp` };
}

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1] as const;
const MAX_INT64 = 2n ** 63n - 1n;

/** Prometheus's parseDuration, in nanoseconds (a Go time.Duration). */
export function parseDuration(text: string): Parsed<bigint> {
  const seconds = goParseFloat(text);
  if (seconds !== undefined) {
    const ns = seconds * 1e9;
    if (!Number.isFinite(ns) || Math.abs(ns) >= 2 ** 63)
      return { error: `cannot parse ${JSON.stringify(text)} to a valid duration. It overflows int64` };
    return { value: BigInt(Math.trunc(ns)) };
  }
  const m = text === '' ? null : DURATION.exec(text);
  if (m) {
    const ms = UNIT_MS.reduce((sum, unit, i) => sum + BigInt(m[i + 1] ?? '0') * BigInt(unit), 0n);
    if (ms * 1_000_000n <= MAX_INT64) return { value: ms * 1_000_000n };
  }
  return { error: `cannot parse ${JSON.stringify(text)} to a valid duration` };
}
