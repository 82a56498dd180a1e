/**
 * @module sandbox/github/json-schema
 * A small JSON Schema (draft-07) checker for exactly the keywords octokit's webhook payload schemas
 * use: type, enum, required, properties, additionalProperties, items, oneOf, allOf, $ref (to sibling
 * files) and the formats uri, uri-template and date-time. Any other keyword throws, so a schema that
 * needs more is noticed instead of being half-checked.
 */

export type Schema = Record<string, unknown>;

/** Loads the schema a `$ref` names, relative to the file that holds the ref. */
export type SchemaLoader = (path: string) => Schema;

const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'default',
  'examples',
  'tsAdditionalProperties',
]);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/**
 * Every way `value` breaks `schema`, as `path: problem` lines; empty when it conforms. `file` is where
 * the schema was loaded from, to resolve its `$ref`s when it has no `$id`.
 * @example
 * validateSchema(load('deployment_status/created.schema.json'), payload, 'deployment_status/created.schema.json', load)
 */
export function validateSchema(schema: Schema, value: unknown, file: string, load: SchemaLoader): string[] {
  const errors: string[] = [];
  check(schema, value, '$', file, load, errors);
  return errors;
}

function check(schema: Schema, value: unknown, at: string, from: string, load: SchemaLoader, errors: string[]): void {
  // A schema's refs are relative to its $id (octokit's ids are paths from the schema root), else to its file.
  const file = typeof schema.$id === 'string' ? schema.$id : from;
  for (const key of Object.keys(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (!(key in KEYWORDS)) throw new Error(`json-schema: keyword "${key}" (in ${file}) is not supported`);
  }
  if (typeof schema.$ref === 'string') {
    const target = `${dirname(file)}${schema.$ref}`;
    check(load(target), value, at, target, load, errors);
  }
  for (const [key, rule] of Object.entries(KEYWORDS)) {
    if (key in schema && key !== '$ref') rule(schema[key], schema, value, at, file, load, errors);
  }
}

type Rule = (
  arg: unknown,
  schema: Schema,
  value: unknown,
  at: string,
  file: string,
  load: SchemaLoader,
  errors: string[],
) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeOf(value) === 'object';
}

const KEYWORDS: Record<string, Rule> = {
  $ref: () => undefined,
  type: (arg, _s, value, at, _f, _l, errors) => {
    const types = Array.isArray(arg) ? (arg as string[]) : [arg as string];
    if (!types.some((t) => matchesType(value, t))) errors.push(`${at}: is ${typeOf(value)}, not ${types.join('|')}`);
  },
  enum: (arg, _s, value, at, _f, _l, errors) => {
    if (!(arg as unknown[]).some((allowed) => allowed === value))
      errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(arg)}`);
  },
  format: (arg, _s, value, at, _f, _l, errors) => {
    if (typeof value !== 'string') return;
    if (arg === 'date-time' && !DATE_TIME.test(value)) errors.push(`${at}: "${value}" is not a date-time`);
    if (arg === 'uri' && !URL.canParse(value)) errors.push(`${at}: "${value}" is not a URI`);
    if (arg !== 'date-time' && arg !== 'uri' && arg !== 'uri-template')
      throw new Error(`json-schema: format "${String(arg)}" is not supported`);
  },
  required: (arg, _s, value, at, _f, _l, errors) => {
    if (!isObject(value)) return;
    for (const name of arg as string[]) if (!(name in value)) errors.push(`${at}: "${name}" is required`);
  },
  properties: (arg, _s, value, at, file, load, errors) => {
    if (!isObject(value)) return;
    for (const [name, sub] of Object.entries(arg as Record<string, Schema>)) {
      if (name in value) check(sub, value[name], `${at}.${name}`, file, load, errors);
    }
  },
  additionalProperties: (arg, schema, value, at, file, load, errors) => {
    if (!isObject(value) || arg === true) return;
    const known = (schema.properties ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(value)) {
      if (name in known) continue;
      if (arg === false) errors.push(`${at}: "${name}" is not allowed`);
      else check(arg as Schema, value[name], `${at}.${name}`, file, load, errors);
    }
  },
  items: (arg, _s, value, at, file, load, errors) => {
    if (!Array.isArray(value)) return;
    value.forEach((item, i) => {
      check(arg as Schema, item, `${at}[${i}]`, file, load, errors);
    });
  },
  oneOf: (arg, _s, value, at, file, load, errors) => {
    const passing = (arg as Schema[]).filter((sub) => {
      const found: string[] = [];
      check(sub, value, at, file, load, found);
      return found.length === 0;
    });
    if (passing.length !== 1) errors.push(`${at}: matches ${passing.length} of the oneOf schemas, not exactly 1`);
  },
  allOf: (arg, _s, value, at, file, load, errors) => {
    for (const sub of arg as Schema[]) check(sub, value, at, file, load, errors);
  },
};
