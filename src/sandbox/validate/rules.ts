/** @module sandbox/validate/rules — rule combinators that check JSON as Slack's schema does, in Slack's wording. */
import type { BlockProblem } from './blocks.js';

/** A check of one value at one JSON pointer; it appends what is wrong to `out`. */
export type Rule = (value: unknown, pointer: string, out: BlockProblem[]) => void;

/** An object's schema: a rule per allowed field, the required ones, fields tolerated unchecked, a cross-field check. */
export interface Shape {
  fields: Record<string, Rule>;
  required?: readonly string[];
  /** Fields Slack itself puts on its output (`id`, `hash`, …): accepted and not checked. */
  ignored?: readonly string[];
  /** Accept fields not listed (shallow checking, used for rich text). */
  loose?: boolean;
  check?: (value: Record<string, unknown>, pointer: string, out: BlockProblem[]) => void;
}

/** A plain JSON object. */
export type Obj = Record<string, unknown>;

export const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON pointer of `key` under `pointer` (RFC 6901 escaping). */
export const at = (pointer: string, key: string | number): string =>
  `${pointer}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** Records that the value at `pointer` is wrong, and how. */
export const problem = (out: BlockProblem[], pointer: string, message: string): void => {
  out.push({ pointer, message });
};

/** Slack counts characters, not UTF-16 code units. */
const length = (text: string): number => [...text].length;

/** Accepts anything (the discriminator of a union, already checked by the union). */
export const any: Rule = () => {};

/** A string of at most `max` characters; Slack words the limit as "less than max+1" unless `says` overrides it. */
export function str(max: number, opts: { min?: number; says?: number } = {}): Rule {
  return (value, pointer, out) => {
    if (typeof value !== 'string') return problem(out, pointer, 'must provide a string');
    const n = length(value);
    if (n > max) problem(out, pointer, `must be less than ${opts.says ?? max + 1} characters`);
    else if (opts.min !== undefined && n < opts.min)
      problem(out, pointer, `must be more than ${opts.min - 1} characters`);
  };
}

/** A string matching `re` (dates, times). */
export function pattern(re: RegExp, format: string): Rule {
  return (value, pointer, out) => {
    if (typeof value !== 'string') problem(out, pointer, 'must provide a string');
    else if (!re.test(value)) problem(out, pointer, `must match the format ${format}`);
  };
}

export const bool: Rule = (value, pointer, out) => {
  if (typeof value !== 'boolean') problem(out, pointer, 'must provide a boolean');
};

/** An integer in [min, max]. */
export function int(min: number, max = Number.MAX_SAFE_INTEGER): Rule {
  return (value, pointer, out) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) problem(out, pointer, 'must provide an integer');
    else if (value < min) problem(out, pointer, `must be at least ${min}`);
    else if (value > max) problem(out, pointer, `must be no more than ${max}`);
  };
}

/** One of a fixed set of strings. */
export function oneOf(values: readonly string[]): Rule {
  return (value, pointer, out) => {
    if (typeof value !== 'string') problem(out, pointer, 'must provide a string');
    else if (!values.includes(value)) problem(out, pointer, `must be one of [${values.join(', ')}]`);
  };
}

/** `null` is accepted (Slack echoes `"close": null` on home views); anything else goes through `rule`. */
export const nullable =
  (rule: Rule): Rule =>
  (value, pointer, out) => {
    if (value !== null) rule(value, pointer, out);
  };

/** An array of `item`s, between `min` and `max` long. */
export function arr(item: Rule, limits: { max?: number; min?: number } = {}): Rule {
  return (value, pointer, out) => {
    if (!Array.isArray(value)) return problem(out, pointer, 'must provide an array');
    if (limits.max !== undefined && value.length > limits.max) {
      problem(out, pointer, `no more than ${limits.max} items allowed`);
    }
    if (limits.min !== undefined && value.length < limits.min) {
      problem(out, pointer, `no less than ${limits.min} items allowed`);
    }
    value.forEach((entry, i) => {
      item(entry, at(pointer, i), out);
    });
  };
}

/** Checks an object against `shape`: required fields, unsupported fields, then each field's rule. */
export function checkShape(value: Obj, pointer: string, shape: Shape, out: BlockProblem[]): void {
  for (const key of shape.required ?? []) {
    if (!(key in value)) problem(out, pointer, `missing required field: ${key}`);
  }
  for (const [key, field] of Object.entries(value)) {
    const rule = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
    if (rule) rule(field, at(pointer, key), out);
    else if (!shape.loose && !shape.ignored?.includes(key)) problem(out, at(pointer, key), 'unsupported field');
  }
  shape.check?.(value, pointer, out);
}

/** An object of one shape. */
export const obj =
  (shape: Shape): Rule =>
  (value, pointer, out) => {
    if (!isObject(value)) problem(out, pointer, 'must provide an object');
    else checkShape(value, pointer, shape, out);
  };

/**
 * An object told apart by its `type`. Where Slack's schema is a "oneOf" (`prefixed`), any problem inside is
 * preceded by "failed to match all allowed schemas" at the object, and a non-object fails both branches Slack
 * tries (so "must provide an object" comes twice, as in Slack's answers for `/view` and `/view/submit`).
 */
export function union(branches: Record<string, Shape>, opts: { prefixed: boolean }): Rule {
  return (value, pointer, out) => {
    const found: BlockProblem[] = [];
    if (!isObject(value)) {
      for (let i = opts.prefixed ? 2 : 1; i > 0; i--) problem(found, pointer, 'must provide an object');
    } else if (!('type' in value)) {
      problem(found, pointer, 'missing required field: type');
    } else if (typeof value.type !== 'string') {
      problem(found, at(pointer, 'type'), 'must provide a string');
    } else {
      const shape = Object.hasOwn(branches, value.type) ? branches[value.type] : undefined;
      if (shape) checkShape(value, pointer, shape, found);
      else problem(found, at(pointer, 'type'), `unsupported type: ${value.type}`);
    }
    if (found.length > 0 && opts.prefixed) problem(out, pointer, 'failed to match all allowed schemas');
    out.push(...found);
  };
}
