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
      anyReaches(inner) ? pieces(inner, context.push(item)) : [render(inner, context.push(item))];
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

/** Whether Mustache's lookup of a plain name (no dots) finds it on `view`: its hasProperty, for objects only. */
function has(view: unknown, name: string): boolean {
  return view !== null && typeof view === 'object' && name in view;
}
