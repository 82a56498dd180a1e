/**
 * @module slack/time
 * Times shown to people: in the display time zone, never stored that way.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** `03:12` in the display time zone. */
export function clock(ms: number, timeZone: string): string {
  return format(new TZDate(ms, timeZone), 'HH:mm');
}

/** `2026-11-29 03:12 (Europe/Madrid)`. */
export function dateTime(ms: number, timeZone: string): string {
  return `${format(new TZDate(ms, timeZone), 'yyyy-MM-dd HH:mm')} (${timeZone})`;
}

/** `20261129`, for channel names. */
export function compactDate(ms: number, timeZone: string): string {
  return format(new TZDate(ms, timeZone), 'yyyyMMdd');
}

/** Slack's own timestamps (`1700000000.123456`) in epoch milliseconds. */
export function slackTsToMs(ts: string): number {
  return Math.round(Number(ts) * 1000);
}
