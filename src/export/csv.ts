/** @module export/csv — the timeline as CSV: one row per entry, RFC 4180 (quoted when needed, CRLF), no formulas. */
import { joined } from './chunks.js';
import { isoLocal, isoUtc, timelineStart, tPlus } from './format.js';
import type { Timeline } from './model.js';

/**
 * The columns, in order: the order is part of the format, so a new column goes at the end. `actor_name` is empty
 * when the actor's name is not known; `audience` is who an update was written for (`internal` or `customers`),
 * `customers` for a status-page publish (asked for, published or refused), and empty for every other entry.
 */
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
  'audience',
] as const;

const CRLF = '\r\n';

/**
 * What makes a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula when it is the first
 * character, after OWASP's list: `=`, `+`, `-`, `@`, a tab, a carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field. A text that a spreadsheet would run as a formula gets a leading `'`, which makes it plain text
 * there (and is hidden in the cell); then it is quoted (inner quotes doubled) when it holds a quote, a comma, a CR
 * or a LF, and written as is otherwise.
 *
 * Every text goes through the formula check, whoever wrote it: names and entry texts carry what people typed, and
 * what warroom writes itself never starts with one of those characters. `t_plus` is `T+hh:mm` / `T-hh:mm`
 * (format.ts): the leading `T` already makes it text to a spreadsheet, where a bare `+00:05` would be a formula and
 * `-00:03` a negative number, so it passes unchanged and its format stays as the other exports show it. Numbers
 * (`seq`) are warroom's own and never changed.
 * @example
 * csvField('rolled back, "mostly"') // '"rolled back, ""mostly"""'
 * csvField('=HYPERLINK("http://evil")') // '"\'=HYPERLINK(""http://evil"")"'
 * csvField(42) // '42'
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The timeline's entries as CSV: a header row, then one row per entry in timeline order; every line ends in
 * CRLF (a line break inside a quoted text is kept as it was typed).
 * @example
 * writeFileSync('inc-42.csv', toCsv(timeline));
 */
export function toCsv(timeline: Timeline): string {
  return joined(toCsvChunks(timeline));
}

/**
 * toCsv's text, a row at a time.
 * @example
 * for (const row of toCsvChunks(timeline)) stream.write(row);
 */
export function* toCsvChunks(timeline: Timeline): Generator<string> {
  const start = timelineStart(timeline);
  yield row(CSV_COLUMNS);
  for (const e of timeline.entries) {
    yield row([
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
      e.audience ?? '',
    ]);
  }
}

/** One line of the CSV: its fields, then CRLF. */
function row(fields: readonly (string | number)[]): string {
  return fields.map(csvField).join(',') + CRLF;
}
