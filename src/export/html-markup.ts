/** @module export/html-markup — the pieces every section of the HTML postmortem is built from. */

import { formatDuration } from '../incident/durations.js';
import { httpLink } from './change.js';
import { escapeMarkup } from './chart-svg.js';
import { joined } from './chunks.js';
import { isoUtc, localShort, timelineStart } from './format.js';
import type { Timeline } from './model.js';

/** Shown for a time or a duration that never happened. */
export const NONE = '—';

/** What every section needs: the time zone, the start that T+ counts from, and names for people. */
export interface View {
  timeline: Timeline;
  zone: string;
  start: number;
  who: (id: string) => string;
}

/** The view of `timeline` that its sections are rendered from. */
export function viewOf(timeline: Timeline): View {
  return {
    timeline,
    zone: timeline.timeZone,
    start: timelineStart(timeline),
    who: (id) => timeline.people[id] ?? id,
  };
}

const e = escapeMarkup;

/** A `<time>` element: machine-readable UTC, shown in the display time zone (or as `shown`). */
export function time(view: View, ms: number, shown = localShort(ms, view.zone)): string {
  return `<time datetime="${isoUtc(ms)}">${e(shown)}</time>`;
}

/** A duration in words, or the dash when it never happened. */
export function duration(ms: number | null): string {
  return ms === null ? NONE : formatDuration(ms);
}

/** User text, escaped, with its line breaks kept. */
export function prose(text: string): string {
  return `<p class="prose">${e(text)}</p>`;
}

/** What a section says when it has nothing to list. */
export function empty(text: string): string {
  return `<p class="empty">${e(text)}</p>`;
}

/** A `<section>` with its anchor id and its heading. */
export function section(id: string, title: string, body: string, className = ''): string {
  return joined(sectionChunks(id, title, [body], className));
}

/** section's text in pieces, its body given in pieces. */
export function* sectionChunks(id: string, title: string, body: Iterable<string>, className = ''): Generator<string> {
  const classes = className ? ` class="${className}"` : '';
  yield `<section id="${id}" data-section="${id}"${classes}>\n<h2>${e(title)}</h2>\n`;
  yield* body;
  yield '\n</section>';
}

/** Label and value pairs (the values markup already, null ones left out), as a definition list. */
export function facts(pairs: [string, string | null][]): string {
  const items = pairs.flatMap(([label, value]) =>
    value === null ? [] : [`<div><dt>${e(label)}</dt><dd>${value}</dd></div>`],
  );
  return `<dl class="change-facts">${items.join('')}</dl>`;
}

/** A table with a header row, in a wrapper that scrolls sideways on a narrow screen. */
export function table(head: string[], rows: string[], className = ''): string {
  const classes = className ? ` class="${className}"` : '';
  const cells = head.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  return `<div class="table-wrap"><table${classes}><thead><tr>${cells}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

/**
 * A link with `words` to `url`, when `url` is an absolute http(s) URL (and then with `rel="noopener noreferrer"`);
 * otherwise the words alone, or with the URL after them as text: `javascript:` and the like never become a link.
 * @example
 * link('the deploy', 'https://ci.example.com/runs/42') // '<a href="https://ci.example.com/runs/42" rel="noopener noreferrer">the deploy</a>'
 * link('the deploy', 'javascript:alert(1)') // 'the deploy: <span class="url">javascript:alert(1)</span>'
 */
export function link(words: string, url: string | null): string {
  const href = httpLink(url);
  if (href !== null) return `<a href="${e(href)}" rel="noopener noreferrer">${e(words)}</a>`;
  return url === null ? e(words) : `${e(words)}: <span class="url">${e(url)}</span>`;
}
