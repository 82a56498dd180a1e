/**
 * @module templates/messages
 * templates/messages/*.md: message drafts (internal update, status page, customer notice) with
 * Mustache placeholders such as {{title}} and {{next_update}}, filled from the incident's facts, and
 * `<words in angle brackets>` where the team must write something before the message goes out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Mustache from 'mustache';
import { displayPath, TemplateError } from './load-yaml.js';

export interface MessageTemplate {
  name: string;
  /** The first line (`# Title`) names the draft; the rest is the message. */
  label: string;
  body: string;
}

export function loadMessages(dir: string): Record<string, MessageTemplate> {
  const out: Record<string, MessageTemplate> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    const [first = '', ...rest] = text.split('\n');
    const label = first.replace(/^#\s*/, '').trim();
    const body = rest.join('\n').trim();
    try {
      Mustache.parse(body);
    } catch (error) {
      throw new TemplateError([
        { file: displayPath(file), line: 1, column: 1, path: '', message: (error as Error).message },
      ]);
    }
    if (!first.startsWith('#') || !label) {
      throw new TemplateError([
        { file: displayPath(file), line: 1, column: 1, path: '', message: 'must start with "# <name of the draft>"' },
      ]);
    }
    out[basename(name, '.md')] = { name: basename(name, '.md'), label, body };
  }
  return out;
}

/** Fills a draft; values are plain text (Mustache's HTML escaping is off). */
export function fillMessage(template: MessageTemplate, values: Record<string, string>): string {
  return Mustache.render(template.body, values, undefined, { escape: (text: string) => text });
}

/**
 * A placeholder the team must replace (`<what the team is doing right now>`: words in angle brackets, as
 * the templates write them), the first one in `text`, if any. Slack's own tokens (`<@U…>`, `<#C…>`,
 * `<!here>`, `<https://…>`) start with a sigil or have no space, so they are never taken for one.
 * @example
 * placeholderIn('Impact: checkout. Doing: <what the team is doing right now>') // '<what the team is doing right now>'
 */
export function placeholderIn(text: string): string | undefined {
  // Words separated by spaces, each step deciding by one character: linear even on hostile text.
  return /<\p{L}[^<>|\n ]*(?: [^<>|\n ]*)+>/u.exec(text)?.[0];
}

/** What a responder is told when a message still has a placeholder in it (a long one shortened). */
export function placeholderLeft(placeholder: string): string {
  const chars = [...placeholder];
  const shown = chars.length > 100 ? `${chars.slice(0, 98).join('')}…>` : placeholder;
  return `Replace ${shown} before posting.`;
}
