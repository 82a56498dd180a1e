/**
 * @module templates/messages
 * templates/messages/*.md: message drafts (internal update, status page, customer notice) with
 * Mustache placeholders such as {{title}} and {{next_update}}, filled from the incident's facts.
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
