/** @module export/format — times in exports: UTC, the display time zone (DST-safe), `T+hh:mm`, day labels. */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Timeline } from './model.js';

const MINUTE = 60_000;

/**
 * A moment in the display time zone. Always through TZDate, so the offset is the one in force at that
 * moment (summer or winter time), never a fixed one.
 */
function inZone(ms: number, timeZone: string): TZDate {
  return new TZDate(ms, timeZone);
}

/** Texts worked out, by time zone, then pattern, then minute (no key to build per call). */
const formatted = new Map<string, Map<string, Map<number, string>>>();
let formattedCount = 0;
const FORMATTED_KEPT = 50_000;

/**
 * `pattern` (minutes and coarser only) at the minute holding `ms`. An export formats many moments, and
 * TZDate is slow; the offsets of today's time zones change only on whole minutes, so whatever a pattern
 * without seconds shows is the same for every moment of one minute, and is worked out once.
 * @example
 * atMinute(Date.UTC(2026, 9, 25, 1, 30, 59), 'Europe/Madrid', 'HH:mm zzz') // '02:30 GMT+1'
 */
export function atMinute(ms: number, timeZone: string, pattern: string): string {
  const minute = Math.floor(ms / MINUTE);
  let patterns = formatted.get(timeZone);
  if (patterns === undefined) {
    patterns = new Map();
    formatted.set(timeZone, patterns);
  }
  let minutes = patterns.get(pattern);
  if (minutes === undefined) {
    minutes = new Map();
    patterns.set(pattern, minutes);
  }
  let text = minutes.get(minute);
  if (text === undefined) {
    text = format(inZone(minute * MINUTE, timeZone), pattern);
    if (formattedCount >= FORMATTED_KEPT) {
      formatted.clear();
      formattedCount = 0;
    }
    minutes.set(minute, text);
    formattedCount += 1;
  }
  return text;
}

/** The seconds (`ss`) and milliseconds (`SSS`) of `ms` within its minute. */
function secondsOf(ms: number): { ss: string; sss: string } {
  const within = ((ms % MINUTE) + MINUTE) % MINUTE;
  return {
    ss: String(Math.floor(within / 1000)).padStart(2, '0'),
    sss: String(within % 1000).padStart(3, '0'),
  };
}

/**
 * ISO 8601 in UTC, with milliseconds: what JSON and CSV carry.
 * @example
 * isoUtc(Date.UTC(2026, 9, 24, 21, 40)) // '2026-10-24T21:40:00.000Z'
 */
export function isoUtc(ms: number): string {
  // Whole milliseconds within Date's range: the minute's text, made once, and the rest from two tables.
  if (!Number.isInteger(ms) || Math.abs(ms) > MAX_DATE) return new Date(ms).toISOString();
  const minute = Math.floor(ms / MINUTE);
  let text = isoMinutes.get(minute);
  if (text === undefined) {
    // `…THH:mm:` of `…THH:mm:00.000Z`.
    text = new Date(minute * MINUTE).toISOString().slice(0, -'00.000Z'.length);
    if (isoMinutes.size >= FORMATTED_KEPT) isoMinutes.clear();
    isoMinutes.set(minute, text);
  }
  const within = ms - minute * MINUTE;
  return text + (SECONDS[Math.floor(within / 1000)] as string) + (MILLISECONDS[within % 1000] as string);
}

/** The largest time a Date holds, either side of 1970 (ms). */
const MAX_DATE = 8.64e15;
/** `00.` to `59.`, and `000Z` to `999Z`: the end of an ISO time. */
const SECONDS = Array.from({ length: 60 }, (_, s) => `${String(s).padStart(2, '0')}.`);
const MILLISECONDS = Array.from({ length: 1000 }, (_, ms) => `${String(ms).padStart(3, '0')}Z`);
/** The start of each minute isoUtc wrote, up to its `:`. */
const isoMinutes = new Map<number, string>();

/**
 * ISO 8601 in the display time zone, with the offset in force then.
 * @example
 * isoLocal(Date.UTC(2026, 9, 25, 0, 30), 'Europe/Madrid') // '2026-10-25T02:30:00.000+02:00'
 * isoLocal(Date.UTC(2026, 9, 25, 1, 30), 'Europe/Madrid') // '2026-10-25T02:30:00.000+01:00'
 */
export function isoLocal(ms: number, timeZone: string): string {
  const { ss, sss } = secondsOf(ms);
  return `${atMinute(ms, timeZone, "yyyy-MM-dd'T'HH:mm")}:${ss}.${sss}${atMinute(ms, timeZone, 'xxx')}`;
}

/**
 * Date and time in UTC, for a reader.
 * @example
 * utcDateTime(Date.UTC(2026, 9, 24, 21, 40, 5)) // '2026-10-24 21:40:05'
 */
export function utcDateTime(ms: number): string {
  return `${atMinute(ms, 'UTC', 'yyyy-MM-dd HH:mm')}:${secondsOf(ms).ss}`;
}

/**
 * Time of day in the display time zone with its UTC offset, which tells the two 02:30s of a DST night apart.
 * @example
 * localTime(Date.UTC(2026, 9, 25, 0, 30), 'Europe/Madrid') // '02:30:00 GMT+2'
 * localTime(Date.UTC(2026, 9, 25, 1, 30), 'Europe/Madrid') // '02:30:00 GMT+1'
 */
export function localTime(ms: number, timeZone: string): string {
  return `${atMinute(ms, timeZone, 'HH:mm')}:${secondsOf(ms).ss} ${atMinute(ms, timeZone, 'zzz')}`;
}

/**
 * Date and time in the display time zone with its UTC offset.
 * @example
 * localDateTime(Date.UTC(2026, 9, 24, 21, 40), 'Europe/Madrid') // '2026-10-24 23:40:00 GMT+2'
 */
export function localDateTime(ms: number, timeZone: string): string {
  return `${atMinute(ms, timeZone, 'yyyy-MM-dd HH:mm')}:${secondsOf(ms).ss} ${atMinute(ms, timeZone, 'zzz')}`;
}

/**
 * A short date and time in the display time zone, for tables where every cell names a moment.
 * @example
 * localShort(Date.UTC(2026, 9, 25, 1, 30), 'Europe/Madrid') // 'Sun 25 Oct 02:30 GMT+1'
 */
export function localShort(ms: number, timeZone: string): string {
  return atMinute(ms, timeZone, 'EEE d MMM HH:mm zzz');
}

/**
 * Both clocks in one phrase, display time zone first.
 * @example
 * bothClocks(Date.UTC(2026, 9, 24, 21, 40), 'Europe/Madrid') // '2026-10-24 23:40:00 GMT+2 (2026-10-24 21:40:00 UTC)'
 */
export function bothClocks(ms: number, timeZone: string): string {
  return `${localDateTime(ms, timeZone)} (${utcDateTime(ms)} UTC)`;
}

/**
 * The calendar day in the display time zone, as a key that changes exactly at local midnight.
 * @example
 * localDayKey(Date.UTC(2026, 9, 24, 22, 10), 'Europe/Madrid') // '2026-10-25'
 */
export function localDayKey(ms: number, timeZone: string): string {
  return atMinute(ms, timeZone, 'yyyy-MM-dd');
}

/**
 * The calendar day in the display time zone, for a heading row.
 * @example
 * dayLabel(Date.UTC(2026, 9, 24, 22, 10), 'Europe/Madrid') // 'Sunday 25 October 2026'
 */
export function dayLabel(ms: number, timeZone: string): string {
  return atMinute(ms, timeZone, 'EEEE d MMMM yyyy');
}

/**
 * For each time in order, the day label to show before it: the first one's day, then a label exactly where
 * the display-time-zone date differs from the one before; null elsewhere.
 * @example
 * dayBreaks([Date.UTC(2026, 9, 24, 21, 0), Date.UTC(2026, 9, 24, 22, 30)], 'Europe/Madrid')
 * // ['Saturday 24 October 2026', 'Sunday 25 October 2026']
 */
export function dayBreaks(times: readonly number[], timeZone: string): (string | null)[] {
  return times.map(dayBreaker(timeZone));
}

/**
 * dayBreaks one time at a time: a function that, given each time in order, returns the day label to show before it.
 * @example
 * const breakAt = dayBreaker('UTC');
 * for (const entry of timeline.entries) { const day = breakAt(entry.at); if (day) write(day); write(entry.text); }
 */
export function dayBreaker(timeZone: string): (ms: number) => string | null {
  let previous: string | undefined;
  return (ms) => {
    const key = localDayKey(ms, timeZone);
    const changed = key !== previous;
    previous = key;
    return changed ? dayLabel(ms, timeZone) : null;
  };
}

/**
 * Time from the start as `T+hh:mm` (whole minutes, hours may pass 24); before the start `T-hh:mm`.
 * @example
 * tPlus(start + 65 * 60_000, start) // 'T+01:05'
 * tPlus(start - 7 * 60_000, start) // 'T-00:07'
 */
export function tPlus(ms: number, start: number): string {
  const delta = ms - start;
  const minutes = Math.floor(Math.abs(delta) / MINUTE);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `T${delta < 0 ? '-' : '+'}${hh}:${mm}`;
}

/**
 * What `T+` counts from: the backdated impact start if there is one, else the declare (as the metrics do).
 * @example
 * tPlus(entry.at, timelineStart(timeline))
 */
export function timelineStart(timeline: Timeline): number {
  return timeline.incident.impactStartedAt ?? timeline.incident.declaredAt;
}
