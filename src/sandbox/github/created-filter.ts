/**
 * @module sandbox/github/created-filter
 * The `created` filter of the runs list, in GitHub's search syntax for dates: `2024-05-01`,
 * `>=2024-05-01T10:00:00Z`, `>`, `<`, `<=`, and ranges `A..B` with `*` for an open end. A date alone
 * means that whole UTC day; a time without an offset is UTC.
 */

interface Bound {
  /** First instant of the value, ms. */
  start: number;
  /** First instant after the value, ms (a day's end, or the next second). */
  end: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?$/;

function bound(text: string): Bound | undefined {
  if (DATE.test(text)) {
    const start = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(start) ? undefined : { start, end: start + 86_400_000 };
  }
  if (!DATE_TIME.test(text)) return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const start = Date.parse(zoned);
  return Number.isNaN(start) ? undefined : { start, end: start + 1000 };
}

/**
 * A test of a run's `created_at` for the filter, or undefined when the filter does not parse.
 * @example
 * createdMatcher('>=2024-05-01T10:00:00Z')?.('2024-05-01T10:00:03Z') // true
 */
export function createdMatcher(expression: string): ((createdAt: string) => boolean) | undefined {
  const text = expression.trim();
  const range = text.split('..');
  if (range.length === 2) {
    const [from, to] = range as [string, string];
    const low = from === '*' ? { start: Number.NEGATIVE_INFINITY, end: 0 } : bound(from);
    const high = to === '*' ? { start: 0, end: Number.POSITIVE_INFINITY } : bound(to);
    if (!low || !high) return undefined;
    return (at) => Date.parse(at) >= low.start && Date.parse(at) < high.end;
  }
  const op = text.match(/^(>=|<=|>|<)?(.*)$/);
  const value = op ? bound(op[2] as string) : undefined;
  if (!op || !value) return undefined;
  switch (op[1]) {
    case '>=':
      return (at) => Date.parse(at) >= value.start;
    case '>':
      return (at) => Date.parse(at) >= value.end;
    case '<=':
      return (at) => Date.parse(at) < value.end;
    case '<':
      return (at) => Date.parse(at) < value.start;
    default:
      return (at) => Date.parse(at) >= value.start && Date.parse(at) < value.end;
  }
}
