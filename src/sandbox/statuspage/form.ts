/**
 * @module sandbox/statuspage/form
 * Form-encoded bodies as Statuspage (a Rails app) reads them: `incident[name]=x` nests under
 * `incident`, `incident[component_ids][]=a` appends to an array, and every value is a string.
 * A key used both as a value and as a hash is a conflict Rails refuses with 400.
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** `a[b][]` → `['a', 'b', '']`; undefined when the brackets do not pair up. */
function segments(key: string): string[] | undefined {
  const head = key.match(/^[^[\]]+/)?.[0];
  if (head === undefined) return undefined;
  const rest = key.slice(head.length);
  const parts = [head];
  const bracket = /\[([^[\]]*)\]/gy;
  let consumed = 0;
  for (let match = bracket.exec(rest); match; match = bracket.exec(rest)) {
    parts.push(match[1] ?? '');
    consumed = bracket.lastIndex;
  }
  return consumed === rest.length ? parts : undefined;
}

function isObject(value: FormValue | undefined): value is FormObject {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Decodes an `application/x-www-form-urlencoded` body into nested objects, or names the conflict.
 * @example
 * parseForm('incident[name]=DB%20down&incident[components][c1]=major_outage')
 * // { form: { incident: { name: 'DB down', components: { c1: 'major_outage' } } } }
 */
export function parseForm(raw: string): { form: FormObject } | { error: string } {
  const form: FormObject = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = segments(key);
    if (!path) return { error: `invalid parameter name: ${key}` };
    let node: FormObject = form;
    for (let i = 0; i < path.length; i += 1) {
      const name = path[i] ?? '';
      const last = i === path.length - 1;
      const next = path[i + 1];
      if (next === '' && i + 2 === path.length) {
        const list = node[name] ?? [];
        if (!Array.isArray(list)) return { error: `expected Array (got ${typeof list}) for param \`${name}'` };
        list.push(value);
        node[name] = list;
        break;
      }
      if (last) {
        if (node[name] !== undefined && typeof node[name] !== 'string')
          return { error: `expected String for param \`${name}'` };
        node[name] = value;
        break;
      }
      const child = node[name] ?? {};
      if (!isObject(child))
        return { error: `expected Hash (got ${Array.isArray(child) ? 'Array' : 'String'}) for param \`${name}'` };
      node[name] = child;
      node = child;
    }
  }
  return { form };
}
