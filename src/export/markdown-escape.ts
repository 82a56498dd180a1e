/** @module export/markdown-escape — making text from outside warroom read as itself in the Markdown postmortem. */
import { httpLink } from './change.js';

const NEWLINE = /\r\n|\r|\n/;

/**
 * What opens an inline construct wherever it stands: a backslash (which would undo an escape), code, emphasis,
 * links and images (`[`, `]`: `!` and `(` mean something only next to them, so they stay as typed), strikethrough,
 * a table pipe, raw HTML and autolinks (`<`), and `&` where it would start an entity.
 */
const INLINE_SIGNIFICANT = /[\\`*_[\]~|<]|&(?=#?[0-9A-Za-z]+;)/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * What starts a block at the beginning of a line: an ATX heading, a list item, a block quote, a setext underline or
 * a thematic break made of `-` (one made of `*` or `_` is escaped as inline text already).
 */
const BLOCK_START = /^([ \t]*)(?=#{1,6}(?:[ \t]|$)|[-+](?:[ \t]|$)|>|[-=]+[ \t]*$)/;
const ORDERED_ITEM = /^([ \t]*\d{1,9})(?=[.)](?:[ \t]|$))/;

/** One inline character of user text, made literal. */
function literal(char: string, offset: number, text: string): string {
  // An underscore between two letters or digits can neither open nor close emphasis in CommonMark: `payments_api`
  // stays readable.
  if (char === '_' && WORD_CHAR.test(text[offset - 1] ?? '') && WORD_CHAR.test(text[offset + 1] ?? '')) return char;
  // An entity, not `\<`: no renderer, CommonMark or older, turns `&lt;` into a tag.
  if (char === '<') return '&lt;';
  return `\\${char}`;
}

/**
 * Makes text someone typed (a title, an update, a note, a name) read as plain text in Markdown: no image, link,
 * HTML, code, emphasis, heading, list or quote of its own. Each significant character gets the backslash escape
 * CommonMark allows for any ASCII punctuation (`<` becomes `&lt;`), so the rendered text is what was typed;
 * characters that mean nothing where they stand (`!`, `(`, `#` inside a line, `-` inside a word) are left as they
 * are, so the Markdown stays readable too. Line breaks are kept: the caller decides what a line break becomes.
 * @example
 * escapeMarkdown('![x](http://evil) <img src=x>') // '!\\[x\\](http://evil) &lt;img src=x>'
 * escapeMarkdown('# Rolled back payments_api') // '\\# Rolled back payments_api'
 */
export function escapeMarkdown(text: string): string {
  return hasLineBreak(text) ? text.split(NEWLINE).map(escapeLine).join('\n') : escapeLine(text);
}

function escapeLine(line: string): string {
  const escaped = line.replace(INLINE_SIGNIFICANT, literal);
  return ORDERED_ITEM.test(escaped) ? escaped.replace(ORDERED_ITEM, '$1\\') : escaped.replace(BLOCK_START, '$1\\');
}

/** Whether `text` has a line break (NEWLINE) in it: most texts are one line, and need no splitting. */
function hasLineBreak(text: string): boolean {
  return text.includes('\n') || text.includes('\r');
}

/**
 * User text that has to stay on one line (a title in a heading, a name): its line breaks become spaces, then it is
 * escaped; a `#` run at its end too, which a heading would take for its closing sequence and drop.
 */
export function inline(text: string): string {
  const line = hasLineBreak(text) ? text.split(NEWLINE).join(' ') : text;
  return escapeMarkdown(line).replace(/(^|[ \t])(#+[ \t]*)$/, '$1\\$2');
}

/**
 * Makes text safe inside a Markdown table cell: a `|` would end the cell and a newline the row. A `|` that is
 * already escaped (after an odd number of backslashes, as escapeMarkdown leaves it) is kept as it is: escaping it
 * again would escape the backslash instead, and end the cell.
 * @example
 * escapeCell('a | b\nc') // 'a \\| b<br>c'
 * escapeCell(escapeMarkdown('EU|US')) // 'EU\\|US'
 */
export function escapeCell(text: string): string {
  const piped = text.includes('|')
    ? text.replace(/(\\*)\|/g, (pipe: string, backslashes: string) =>
        backslashes.length % 2 === 1 ? pipe : `${backslashes}\\|`,
      )
    : text;
  return hasLineBreak(piped) ? piped.split(NEWLINE).join('<br>') : piped;
}

/**
 * Quotes text as posted, line by line, so that a multi-line message stays one block quote.
 * @example
 * blockQuote('Rolled back.\n\nWatching.') // '> Rolled back.\n>\n> Watching.'
 */
export function blockQuote(text: string): string {
  if (!hasLineBreak(text)) return text ? `> ${text}` : '>';
  return text
    .split(NEWLINE)
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** Keeps a multi-line text inside its list item. */
export function inListItem(text: string): string {
  return hasLineBreak(text) ? text.split(NEWLINE).join('\n  ') : text;
}

/**
 * What would end a link destination in angle brackets or change what it points to: `<`, `>` and a backslash (the
 * URL parser leaves a backslash in a query), a backtick (a code span outranks a link), a pipe (a table cell), and `&`
 * where it would start an entity.
 */
const DESTINATION_SIGNIFICANT = /[<>\\`|]|&(?=#?[0-9A-Za-z]+;)/g;

/**
 * A link with `words` (escaped, on one line) to `url`, when `url` is an absolute http(s) URL; otherwise no link: the
 * words alone, or with `url` shown as text after them when there is one (`javascript:` and the like never link).
 * @example
 * markdownLink('the deploy', 'https://ci.example.com/runs/42') // '[the deploy](<https://ci.example.com/runs/42>)'
 * markdownLink('the deploy', 'javascript:alert(1)') // 'the deploy: javascript:alert(1)'
 */
export function markdownLink(words: string, url: string | null): string {
  const href = httpLink(url);
  if (href === null) return url === null ? inline(words) : `${inline(words)}: ${inline(url)}`;
  const destination = href.replace(DESTINATION_SIGNIFICANT, (char) =>
    char === '&' ? '\\&' : `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `[${inline(words)}](<${destination}>)`;
}
