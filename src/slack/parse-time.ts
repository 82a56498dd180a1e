/**
 * @module slack/parse-time
 * When impact started, as responders type it: `14:05` (today in the display time zone, or yesterday
 * if that is still ahead), `20 min ago`, `2h ago`, or an ISO time (`2026-11-28T03:05`, with or without
 * an offset; without one it is read in the display time zone).
 */
import { TZDate } from '@date-fns/tz';
import { isValid, parse, parseISO, subDays } from 'date-fns';

export type ParsedTime = { ok: true; at: number } | { ok: false; message: string };

/** Impact that began longer ago than this is a typo, not an incident: say so rather than record it. */
const FURTHEST_BACK_MS = 7 * 24 * 60 * 60_000;

const AGO = /^(\d+(?:\.\d+)?)\s*(m|min|mins|minute|minutes|h|hr|hrs|hour|hours)\s+ago$/i;

/**
 * @example
 * parseStartTime('20 min ago', Date.now(), 'UTC') // { ok: true, at: now - 20 min }
 */
export function parseStartTime(text: string, now: number, timeZone: string): ParsedTime {
  const parsed = parseAny(text, now, timeZone);
  if (parsed.ok && (parsed.at < now - FURTHEST_BACK_MS || !Number.isFinite(parsed.at))) {
    return {
      ok: false,
      message: 'That is more than a week ago; give the time impact started, e.g. `14:05` or `20 min ago`.',
    };
  }
  return parsed;
}

function parseAny(text: string, now: number, timeZone: string): ParsedTime {
  const input = text.trim();
  const ago = input.match(AGO);
  if (ago) {
    const amount = Number(ago[1]);
    const unitMs = (ago[2] as string).toLowerCase().startsWith('h') ? 3_600_000 : 60_000;
    return { ok: true, at: Math.round(now - amount * unitMs) };
  }
  if (/^\d{1,2}:\d{2}$/.test(input)) {
    const today = parse(input, 'HH:mm', new TZDate(now, timeZone));
    if (isValid(today)) {
      const at = today.getTime() > now ? subDays(today, 1).getTime() : today.getTime();
      return { ok: true, at };
    }
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(input)) {
    const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(input);
    const parsed = hasOffset
      ? parseISO(input)
      : parse(input.replace(' ', 'T').slice(0, 16), "yyyy-MM-dd'T'HH:mm", new TZDate(now, timeZone));
    if (isValid(parsed)) return { ok: true, at: parsed.getTime() };
  }
  return {
    ok: false,
    message: `I cannot read \`${input.slice(0, 40)}\` as a time; write \`14:05\` (${timeZone}), \`20 min ago\` or \`2026-11-28T14:05\`.`,
  };
}
