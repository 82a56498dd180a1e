/** @module export/html — the postmortem as one self-contained HTML file that reads on screen and prints. */
// Header, summary, key durations, what changed (the suspect deploy, rollbacks, deploys during it), what customers were
// told (status-page publishes, updates for customers posted in Slack), roles and handoffs,
// the chart, the protocol, updates, pins, follow-ups, the whole timeline and the sections the team writes afterwards.
// Inline CSS and SVG, no script, nothing fetched.
import { escapeMarkup } from './chart-svg.js';
import { joined } from './chunks.js';
import { entries, followUps, notes, phases, pins, updates } from './html-activity.js';
import { change } from './html-change.js';
import { customers } from './html-customers.js';
import { viewOf } from './html-markup.js';
import { chart, fillIns, header, metrics, roles, summary, toc } from './html-sections.js';
import { documentHead } from './html-style.js';
import type { Timeline } from './model.js';

export { FILL_IN_SECTIONS } from './html-sections.js';

const e = escapeMarkup;

/**
 * The postmortem as one HTML5 document, with every piece of user text escaped and no reference to anything outside
 * the file (a Content-Security-Policy forbids it, too).
 *
 * @example
 * writeFileSync('inc-42-postmortem.html', renderHtml(buildTimeline(events, templates, { timeZone, now })));
 */
export function renderHtml(timeline: Timeline): string {
  return joined(renderHtmlChunks(timeline));
}

/** renderHtml's text in pieces: the lists that grow with the log (updates, notes, the timeline) a row at a time. */
export function* renderHtmlChunks(timeline: Timeline): Generator<string> {
  const view = viewOf(timeline);
  const { incident } = timeline;
  const title = `${incident.id}: ${incident.title} — postmortem`;
  yield `${documentHead(e(title))}
${header(view)}
${toc()}
<main>
${summary(view)}
${metrics(view)}
${change(view)}
${customers(view)}
${roles(view)}
`;
  yield* chart(view);
  yield '\n';
  for (const part of [phases, updates, pins, followUps, notes, entries]) {
    yield* part(view);
    yield '\n';
  }
  yield `${fillIns()}
</main>
</body>
</html>
`;
}
