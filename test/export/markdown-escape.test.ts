/**
 * @module test/export/markdown-escape — the escapes of the Markdown postmortem give, for any text, what they gave when
 * every text was split into lines first (one line, the common case, is no longer split).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockQuote, escapeCell, escapeMarkdown, inListItem, inline } from '../../src/export/markdown-escape.js';

const NEWLINE = /\r\n|\r|\n/;
const INLINE_SIGNIFICANT = /[\\`*_[\]~|<]|&(?=#?[0-9A-Za-z]+;)/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const BLOCK_START = /^([ \t]*)(?=#{1,6}(?:[ \t]|$)|[-+](?:[ \t]|$)|>|[-=]+[ \t]*$)/;
const ORDERED_ITEM = /^([ \t]*\d{1,9})(?=[.)](?:[ \t]|$))/;

/** The escapes as they were written before, line by line: what the ones in use must give. */
const before = {
  escapeMarkdown: (text: string) =>
    text
      .split(NEWLINE)
      .map((line) => {
        const escaped = line.replace(INLINE_SIGNIFICANT, (char: string, offset: number, all: string) => {
          if (char === '_' && WORD_CHAR.test(all[offset - 1] ?? '') && WORD_CHAR.test(all[offset + 1] ?? ''))
            return char;
          if (char === '<') return '&lt;';
          return `\\${char}`;
        });
        return ORDERED_ITEM.test(escaped)
          ? escaped.replace(ORDERED_ITEM, '$1\\')
          : escaped.replace(BLOCK_START, '$1\\');
      })
      .join('\n'),
  escapeCell: (text: string) =>
    text
      .replace(/(\\*)\|/g, (pipe: string, backslashes: string) =>
        backslashes.length % 2 === 1 ? pipe : `${backslashes}\\|`,
      )
      .split(NEWLINE)
      .join('<br>'),
  blockQuote: (text: string) =>
    text
      .split(NEWLINE)
      .map((line) => (line ? `> ${line}` : '>'))
      .join('\n'),
  inListItem: (text: string) => text.split(NEWLINE).join('\n  '),
};

// Texts made mostly of what the escapes look at: markup, line breaks of every kind, digits, spaces, letters.
const text = fc
  .array(
    fc.constantFrom(
      '\\',
      '`',
      '*',
      '_',
      '[',
      ']',
      '~',
      '|',
      '<',
      '&',
      '#',
      ';',
      '-',
      '+',
      '=',
      '>',
      '.',
      ')',
      '1',
      '9',
      ' ',
      '\t',
      '\n',
      '\r',
      '\r\n',
      'a',
      'é',
      'Z',
      'amp',
      '📌',
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('the Markdown escapes', () => {
  it('should give for any text what they gave splitting it into lines first', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (t) => {
        expect(escapeMarkdown(t)).toBe(before.escapeMarkdown(t));
        expect(escapeCell(t)).toBe(before.escapeCell(t));
        expect(escapeCell(escapeMarkdown(t))).toBe(before.escapeCell(before.escapeMarkdown(t)));
        expect(blockQuote(t)).toBe(before.blockQuote(t));
        expect(inListItem(t)).toBe(before.inListItem(t));
        expect(inline(t)).toBe(
          before.escapeMarkdown(t.split(NEWLINE).join(' ')).replace(/(^|[ \t])(#+[ \t]*)$/, '$1\\$2'),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
