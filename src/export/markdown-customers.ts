/** @module export/markdown-customers — the "What customers were told" section of the Markdown postmortem. */
import { componentLabel, pageStatusLabel, publishOutcome } from './customers-text.js';
import { localShort, timelineStart, tPlus } from './format.js';
import { blockQuote, escapeMarkdown, inline, markdownLink } from './markdown-escape.js';
import type { Timeline } from './model.js';

/**
 * The `customers` values of templates/postmortem.md; null when nothing was published or posted for customers. A
 * publish's body, name, link, error and component ids come from people and from Statuspage, an update's text and draft
 * name from people: all of it is escaped like text people typed, and a link is made only to an http(s) URL.
 */
export function customersView(timeline: Timeline) {
  if (timeline.customersTold.length === 0) return null;
  const tz = timeline.timeZone;
  const start = timelineStart(timeline);
  const short = (ms: number): string => localShort(ms, tz);
  const who = (user: string): string => inline(timeline.people[user] ?? user);
  return {
    told: timeline.customersTold.map((m) => {
      const when = { when: short(m.at), tPlus: tPlus(m.at, start) };
      if (m.via === 'slack') {
        return {
          page: null,
          slack: {
            ...when,
            by: who(m.by),
            draft: m.draft === null ? null : inline(m.draft),
            quoted: blockQuote(escapeMarkdown(m.text)),
          },
        };
      }
      return {
        page: {
          ...when,
          outcome: publishOutcome(m.outcome),
          refused: m.error === null ? null : inline(m.error),
          status: pageStatusLabel(m.status),
          components: m.components.length === 0 ? null : m.components.map((c) => inline(componentLabel(c))).join('; '),
          notify: m.notify ? 'yes' : 'no',
          link: m.url === null ? null : markdownLink('the status page', m.url),
          asked: short(m.requestedAt),
          askedBy: who(m.requestedBy),
          name: m.name === null ? null : inline(m.name),
          quoted: blockQuote(escapeMarkdown(m.body)),
        },
        slack: null,
      };
    }),
  };
}
