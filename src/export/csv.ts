/** @module export/csv — the timeline as CSV: one row per entry, RFC 4180 (quoted when needed, CRLF). */
import { isoLocal, isoUtc, timelineStart, tPlus } from './format.js';
import type { Timeline } from './model.js';

/** The columns, in order. `actor_name` is empty when the actor's name is not known. */
export const CSV_COLUMNS = [
  'seq',
  'at_utc',
  'at_local',
  't_plus',
  'recorded_at_utc',
  'actor',
  'actor_name',
  'kind',
  'type',
  'text',
] as const;

const CRLF = '\r\n';

/**
 * One CSV field: quoted (inner quotes doubled) when it holds a quote, a comma, a CR or a LF; as is otherwise.
 * @example
 * csvField('rolled back, "mostly"') // '"rolled back, ""mostly"""'
 */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The timeline's entries as CSV: a header row, then one row per entry in timeline order; every line ends in
 * CRLF (a line break inside a quoted text is kept as it was typed).
 * @example
 * writeFileSync('inc-42.csv', toCsv(timeline));
 */
export function toCsv(timeline: Timeline): string {
  const start = timelineStart(timeline);
  const rows = timeline.entries.map((e) => [
    e.seq,
    isoUtc(e.at),
    isoLocal(e.at, timeline.timeZone),
    tPlus(e.at, start),
    isoUtc(e.recordedAt),
    e.actor,
    timeline.people[e.actor] ?? '',
    e.kind,
    e.type,
    e.text,
  ]);
  return [CSV_COLUMNS, ...rows].map((row) => row.map(csvField).join(',') + CRLF).join('');
}
