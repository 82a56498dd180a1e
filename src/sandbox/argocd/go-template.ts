/**
 * @module sandbox/argocd/go-template
 * Just enough of Go's text/template, with sprig's `toJson` and `last`, to render the notification
 * templates in docs/integrations/argocd-notifications.yaml the way Argo CD does: field chains on the
 * data (`.app.metadata.name`), `{{with X}}…{{else}}…{{end}}`, function calls with one argument,
 * parenthesised calls followed by a field (`(last .).id`). Anything else throws, so a template that
 * needs more is noticed instead of being rendered differently from Argo CD.
 *
 * Values follow Go's rules for map data: a missing key is "no value" (`<no value>` when printed,
 * `null` through toJson, and a field of it is again no value); a JSON null is nil (a field of it is
 * an error); `with` takes false, 0, "", nil, no value, and empty lists and maps as false.
 */

/** No value: what Go yields for a missing map key. */
const NO_VALUE = Symbol('no value');
type Value = unknown;

type Operand = { kind: 'dot'; fields: string[] } | { kind: 'call'; fn: string; arg: Operand; fields: string[] };

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'print'; operand: Operand }
  | { kind: 'with'; operand: Operand; body: Node[]; otherwise: Node[] };

const FUNCTIONS: Record<string, (value: Value) => Value> = {
  toJson: (value) => goJson(value === NO_VALUE ? null : value),
  last: (value) => {
    if (!Array.isArray(value)) throw new Error(`error calling last: cannot find last on type ${goType(value)}`);
    return value.length === 0 ? null : value[value.length - 1];
  },
};

function goType(value: Value): string {
  if (value === NO_VALUE || value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return '[]interface {}';
  return typeof value === 'object' ? 'map[string]interface {}' : typeof value;
}

/**
 * Go's encoding/json as sprig's toJson uses it: map keys sorted, and <, >, & and U+2028/2029
 * escaped as \u003c, \u003e, \u0026, \u2028, \u2029.
 */
export function goJson(value: Value): string {
  const sorted = (v: Value): Value => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return (JSON.stringify(sorted(value)) ?? 'null')
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

// ── parsing ────────────────────────────────────────────────────────────────────────────────────────

function tokenize(action: string): string[] {
  const tokens = action.match(/\(|\)|[^\s()]+/g) ?? [];
  for (const token of tokens) {
    if (/^["'`\d-]/.test(token) || token.includes('|') || token.includes('$') || token.includes(':='))
      throw new Error(`go-template: "${token}" in {{${action}}} is not emulated`);
  }
  return tokens;
}

function fieldsOf(token: string, action: string): string[] {
  if (token === '.') return [];
  if (!/^(\.[A-Za-z_]\w*)+$/.test(token)) throw new Error(`go-template: "${token}" in {{${action}}} is not a field`);
  return token.slice(1).split('.');
}

/** One operand; as an argument, a function call must be in parentheses, as in Go. */
function parseOperand(tokens: string[], action: string, argument = false): Operand {
  const first = tokens.shift();
  if (first === undefined) throw new Error(`go-template: empty action {{${action}}}`);
  if (first === '(') {
    const inner = parseOperand(tokens, action);
    if (tokens.shift() !== ')') throw new Error(`go-template: unclosed ( in {{${action}}}`);
    const next = tokens[0];
    if (next?.startsWith('.') && next !== '.') inner.fields.push(...fieldsOf(tokens.shift() as string, action));
    return inner;
  }
  if (first.startsWith('.')) return { kind: 'dot', fields: fieldsOf(first, action) };
  if (!(first in FUNCTIONS)) throw new Error(`go-template: function "${first}" is not emulated`);
  if (argument) throw new Error(`go-template: in {{${action}}}, "${first}" as an argument needs parentheses`);
  return { kind: 'call', fn: first, arg: parseOperand(tokens, action, true), fields: [] };
}

function parseAction(action: string): Operand {
  const tokens = tokenize(action);
  const operand = parseOperand(tokens, action);
  if (tokens.length > 0) throw new Error(`go-template: unexpected "${tokens.join(' ')}" in {{${action}}}`);
  return operand;
}

/** Parses a template into nodes; throws on anything this renderer does not emulate. */
export function parseTemplate(source: string): Node[] {
  const root: Node[] = [];
  const stack: { nodes: Node[]; node?: Extract<Node, { kind: 'with' }>; inElse: boolean }[] = [
    { nodes: root, inElse: false },
  ];
  const current = () => stack[stack.length - 1] as (typeof stack)[number];
  const pattern = /\{\{(.*?)\}\}/gs;
  let last = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    if (match.index > last) current().nodes.push({ kind: 'text', text: source.slice(last, match.index) });
    last = match.index + match[0].length;
    const action = (match[1] as string).trim();
    if (/^-|-$|^\/\*/.test(match[1] as string))
      throw new Error(`go-template: {{${action}}}: trim markers and comments are not emulated`);
    const [keyword, ...rest] = action.split(/\s+/);
    if (keyword === 'with') {
      const node = { kind: 'with' as const, operand: parseAction(rest.join(' ')), body: [], otherwise: [] };
      current().nodes.push(node);
      stack.push({ nodes: node.body, node, inElse: false });
    } else if (keyword === 'else') {
      const frame = current();
      if (!frame.node || frame.inElse || rest.length > 0) throw new Error('go-template: misplaced {{else}}');
      frame.nodes = frame.node.otherwise;
      frame.inElse = true;
    } else if (keyword === 'end') {
      if (stack.length === 1) throw new Error('go-template: {{end}} without {{with}}');
      stack.pop();
    } else if (['if', 'range', 'define', 'template', 'block', 'break', 'continue'].includes(keyword ?? '')) {
      throw new Error(`go-template: {{${keyword}}} is not emulated`);
    } else {
      current().nodes.push({ kind: 'print', operand: parseAction(action) });
    }
  }
  if (stack.length > 1) throw new Error('go-template: {{with}} without {{end}}');
  if (last < source.length) root.push({ kind: 'text', text: source.slice(last) });
  return root;
}

// ── evaluation ─────────────────────────────────────────────────────────────────────────────────────

function field(value: Value, name: string): Value {
  if (value === NO_VALUE) return NO_VALUE;
  if (value === null || value === undefined) throw new Error(`nil pointer evaluating interface {}.${name}`);
  if (typeof value !== 'object' || Array.isArray(value))
    throw new Error(`can't evaluate field ${name} in type ${goType(value)}`);
  return name in value ? (value as Record<string, unknown>)[name] : NO_VALUE;
}

function evaluate(operand: Operand, dot: Value): Value {
  const base =
    operand.kind === 'dot' ? dot : (FUNCTIONS[operand.fn] as (v: Value) => Value)(evaluate(operand.arg, dot));
  return operand.fields.reduce(field, base);
}

function truthy(value: Value): boolean {
  if (value === NO_VALUE || value === null || value === undefined || value === false || value === 0 || value === '')
    return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function print(value: Value): string {
  if (value === NO_VALUE) return '<no value>';
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') throw new Error('go-template: printing a map or list is not emulated; use toJson');
  return String(value);
}

function run(nodes: Node[], dot: Value): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'print') out += print(evaluate(node.operand, dot));
    else {
      const value = evaluate(node.operand, dot);
      out += truthy(value) ? run(node.body, value) : run(node.otherwise, dot);
    }
  }
  return out;
}

/**
 * Renders `source` against `data` as Argo CD's notification engine would.
 * @example
 * renderGoTemplate('{"app": {{toJson .app.metadata.name}}}', { app }) // '{"app": "checkout"}'
 */
export function renderGoTemplate(source: string, data: Record<string, unknown>): string {
  return run(parseTemplate(source), data);
}
