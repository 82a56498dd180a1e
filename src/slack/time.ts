/**
 * @module slack/time
 * Times shown to people: in the display time zone, never stored that way.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

const clocks = new Map<string, string>();
const CLOCKS_KEPT = 10_000;

/** `03:12` in the display time zone. Remembered per minute: boards show many times and TZDate is slow. */
export function clock(ms: number, timeZone: string): string {
  const key = `${timeZone} ${Math.floor(ms / 60_000)}`;
  let shown = clocks.get(key);
  if (shown === undefined) {
    shown = format(new TZDate(ms, timeZone), 'HH:mm');
    if (clocks.size >= CLOCKS_KEPT) clocks.clear();
    clocks.set(key, shown);
  }
  return shown;
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

/** How far Slack's clock and warroom's may disagree before Slack's time is not believed. */
const CLOCK_TRUST_MS = 10 * 60_000;

/**
 * When a click happened: Slack's `action_ts` when it is a Slack timestamp close to now, else the
 * moment warroom received it (a forged or broken timestamp is never recorded).
 */
export function actionTime(actionTs: string | undefined, now = Date.now()): number {
  const at = /^\d{9,10}\.\d{1,6}$/.test(actionTs ?? '') ? slackTsToMs(actionTs as string) : Number.NaN;
  return Number.isFinite(at) && Math.abs(at - now) < CLOCK_TRUST_MS ? at : now;
}
