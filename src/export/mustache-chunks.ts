/**
 * @module export/mustache-chunks
 * A Mustache template rendered in pieces, with its long lists rendered an item at a time: the view holds no
 * list of them, and no piece holds more than one item. Sections are gone through as Mustache goes through them
 * (Mustache's own writer renders every value, and every section this module does not go into itself), so the
 * pieces make what `Mustache.render` makes of the same view with the lists in it.
 */
import Mustache from 'mustache';

/** A list the view gives an item at a time: called each time the list is to be gone through. */
export type ListedItems = () => Iterable<unknown>;

/** One writer for every export: it keeps each template it has parsed. */
const writer = new Mustache.Writer();

type Token = [string, string, number, number, Token[]?];

/**
 * `template` rendered with `view` and `lists` (by name) in it, without escaping (the view's values are escaped
 * already). A section over a list (`{{#rows}}…{{/rows}}`, wherever it stands, so long as the name is the view's own
 * there) is rendered one item at a time, each its own piece. What uses a list otherwise (an inverted section, a
 * value such as `{{rows.length}}`) gets the whole list, made from its items.
 * @example
 * const text = [...templateChunks('{{#rows}}{{n}} {{/rows}}', {}, { rows: () => [{ n: 1 }, { n: 2 }] })].join(''); // '1 2 '
 */
export function* templateChunks(
  template: string,
  view: Record<string, unknown>,
  lists: Record<string, ListedItems>,
): Generator<string> {
  const whole: Record<string, unknown> = { ...view };
  for (const [name, items] of Object.entries(lists)) {
    let made: unknown[] | undefined;
    Object.defineProperty(whole, name, { enumerable: true, get: () => (made ??= [...items()]) });
  }
  const config = { escape: (text: string) => text };

  /** The list a section is over, when its name finds the view's own list, as Mustache's lookup would. */
  const listOf = (context: Mustache.Context, name: string): ListedItems | undefined => {
    if (!Object.hasOwn(lists, name)) return undefined;
    for (let at: Mustache.Context | undefined = context; at; at = at.parent) {
      if (at.view === whole) return lists[name];
      if (has(at.view, name)) return undefined;
    }
    return undefined;
  };

  /** Whether a token is, or holds, a section named after a list: only those are gone into here. Asked once a token. */
  const reached = new Map<Token | Token[], boolean>();
  const reaches = (token: Token): boolean => {
    let found = reached.get(token);
    if (found === undefined) {
      found = (token[0] === '#' && Object.hasOwn(lists, token[1])) || (token[4]?.some(reaches) ?? false);
      reached.set(token, found);
    }
    return found;
  };
  const anyReaches = (tokens: Token[]): boolean => {
    let found = reached.get(tokens);
    if (found === undefined) {
      found = tokens.some(reaches);
      reached.set(tokens, found);
    }
    return found;
  };
  const render = (tokens: Token[], context: Mustache.Context): string =>
    writer.renderTokens(tokens as unknown as string[][], context, undefined, template, config);
  /** One item of a list: rendered here where its tokens allow (see itemParts), else by Mustache. */
  const renderItem = (tokens: Token[], item: unknown, context: Mustache.Context): string => {
    const parts = itemParts(tokens);
    const text = parts === undefined ? LAMBDA : renderParts(parts, { view: item, parent: context });
    return text === LAMBDA ? render(tokens, context.push(item)) : text;
  };

  function* pieces(tokens: Token[], context: Mustache.Context): Generator<string> {
    // Tokens that reach no list are rendered by Mustache together, as one piece.
    let run: Token[] = [];
    for (const token of tokens) {
      if (!reaches(token)) {
        run.push(token);
        continue;
      }
      if (run.length > 0) yield render(run, context);
      run = [];
      yield* section(token, context);
    }
    if (run.length > 0) yield render(run, context);
  }

  /** A section that reaches a list, as Mustache's renderSection goes through it (a lambda, or nothing, left to it). */
  function* section(token: Token, context: Mustache.Context): Generator<string> {
    const [symbol, name, , , inner = []] = token;
    const each = (item: unknown) =>
      anyReaches(inner) ? pieces(inner, context.push(item)) : [renderItem(inner, item, context)];
    const listed = symbol === '#' ? listOf(context, name) : undefined;
    if (listed) {
      for (const item of listed()) yield* each(item);
      return;
    }
    const value: unknown = symbol === '#' ? context.lookup(name) : undefined;
    if (symbol !== '#' || !value || typeof value === 'function') yield render([token], context);
    else if (Array.isArray(value)) for (const item of value) yield* each(item);
    else if (typeof value === 'object' || typeof value === 'string' || typeof value === 'number') yield* each(value);
    else yield* pieces(inner, context);
  }

  yield* pieces(writer.parse(template) as unknown as Token[], new Mustache.Context(whole));
}

/**
 * The tokens of a list item as this module renders them itself (the same text as Mustache's writer, without a
 * Context and its cache per item: on a 100k-event log, most of the Markdown's time): text, values and sections of
 * plain names (no dots, or `.`); undefined where the tokens hold anything else (a partial, a dotted name), and then
 * Mustache renders the item.
 */
type Part = string | { kind: 'value' | 'section' | 'inverted'; name: string; inner: Part[] };

/** A view and the views around it, innermost first: what Mustache's Context keeps, as far as lookups go. */
interface Chain {
  view: unknown;
  parent?: Chain | undefined;
}

/** A lambda was found: Mustache renders the item, as only it calls lambdas. */
const LAMBDA: unique symbol = Symbol('lambda');

const partsOf = new WeakMap<Token[], Part[] | null>();

function itemParts(tokens: Token[]): Part[] | undefined {
  let parts = partsOf.get(tokens);
  if (parts === undefined) {
    parts = partsFrom(tokens);
    partsOf.set(tokens, parts);
  }
  return parts ?? undefined;
}

function partsFrom(tokens: Token[]): Part[] | null {
  const parts: Part[] = [];
  for (const [symbol, value, , , inner = []] of tokens) {
    if (symbol === 'text') parts.push(value);
    else if (symbol === '!' || symbol === '=') continue;
    else if (value !== '.' && value.includes('.')) return null;
    else if (symbol === 'name' || symbol === '&') parts.push({ kind: 'value', name: value, inner: [] });
    else if (symbol === '#' || symbol === '^') {
      const within = partsFrom(inner);
      if (within === null) return null;
      parts.push({ kind: symbol === '#' ? 'section' : 'inverted', name: value, inner: within });
    } else return null;
  }
  return parts;
}

/** Mustache's lookup of a plain name: `.` is the view; else the innermost view that has it (hasProperty). */
function lookup(chain: Chain, name: string): unknown {
  if (name === '.') return chain.view;
  for (let at: Chain | undefined = chain; at; at = at.parent) {
    if (has(at.view, name)) return (at.view as Record<string, unknown>)[name];
  }
  return undefined;
}

/**
 * `parts` rendered in `chain` as Mustache's writer renders their tokens (renderTokens, renderSection,
 * renderInverted, with no escaping): LAMBDA as soon as a name finds a function.
 */
function renderParts(parts: readonly Part[], chain: Chain): string | typeof LAMBDA {
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const value = lookup(chain, part.name);
    if (typeof value === 'function') return LAMBDA;
    if (part.kind === 'value') {
      if (value != null) text += value;
      continue;
    }
    const within: Chain[] = [];
    if (part.kind === 'inverted') {
      if (!value || (Array.isArray(value) && value.length === 0)) within.push(chain);
    } else if (!value) {
      // Nothing, as for a false value.
    } else if (Array.isArray(value)) {
      for (const item of value) within.push({ view: item, parent: chain });
    } else if (typeof value === 'object' || typeof value === 'string' || typeof value === 'number') {
      within.push({ view: value, parent: chain });
    } else {
      within.push(chain);
    }
    for (const at of within) {
      const inner = renderParts(part.inner, at);
      if (inner === LAMBDA) return LAMBDA;
      text += inner;
    }
  }
  return text;
}

/** Whether Mustache's lookup of a plain name (no dots) finds it on `view`: its hasProperty, for objects only. */
function has(view: unknown, name: string): boolean {
  return view !== null && typeof view === 'object' && name in view;
}
