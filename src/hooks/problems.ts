/**
 * @module hooks/problems
 * What was wrong with an inbound webhook body, in words the sender's engineer can act on: zod issues
 * turned into `deployment.environment: expected a string, got null`, at most three of them.
 */
import type { z } from 'zod';

/** Problems beyond this many are counted, not listed: the first few are what gets fixed first. */
export const MAX_PROBLEMS = 3;

type Issue = z.core.$ZodIssue;

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  null: 'null',
};

/** How a received JSON value is named in a message: its type, and short strings and numbers as they are. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a JSON object';
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : 'a longer string';
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : 'a number';
  if (typeof value === 'boolean') return String(value);
  return typeof value;
}

/** `deployment.environment`, `commits[0].id`; the whole body when the path is empty. */
export function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text || 'the body';
}

/** zod's own wording, for the issues whose messages our schemas leave to it. */
function genericText(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return issue.input === undefined
        ? `expected ${expected}, but it is missing`
        : `expected ${expected}, got ${describeValue(issue.input)}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return undefined;
  }
}

function issueText(issue: Issue, hints: Readonly<Record<string, string>>): string {
  const where = pathText(issue.path);
  const generic = genericText(issue);
  // Every other issue comes from a check of ours that words its own message.
  if (generic === undefined) return `${where}: ${issue.message}`;
  const hint = hints[where];
  return hint ? `${where}: ${generic} (${hint})` : `${where}: ${generic}`;
}

/**
 * The problems, one per issue, at most {@link MAX_PROBLEMS}, joined with `; `. `hints` (by field path)
 * say what a field should hold after a problem worded by zod (a wrong type, a missing field).
 * @example
 * problemText(schema.safeParse(body, { reportInput: true }).error.issues)
 * // 'deployment.environment: expected a string, got null; repository.full_name: expected a string, but it is missing'
 */
export function problemText(issues: readonly Issue[], hints: Readonly<Record<string, string>> = {}): string {
  const texts = [...new Set(issues.map((issue) => issueText(issue, hints)))];
  const shown = texts.slice(0, MAX_PROBLEMS).join('; ');
  const more = texts.length - MAX_PROBLEMS;
  return more > 0 ? `${shown} (and ${more} more)` : shown || 'the body: not what was expected';
}
