/** @module export/html — the postmortem as one self-contained HTML file that reads on screen and prints. */
// Header, summary, key durations, what changed (the suspect deploy, rollbacks, deploys during it), what customers were
// told (status-page publishes, updates for customers posted in Slack), roles and handoffs,
// the chart, the protocol, updates, pins, follow-ups, the whole timeline and the sections the team writes afterwards.
// Inline CSS and SVG, no script, nothing fetched.
import { escapeMarkup } from './chart-svg.js';
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
  const view = viewOf(timeline);
  const { incident } = timeline;
  const title = `${incident.id}: ${incident.title} — postmortem`;
  return `${documentHead(e(title))}
${header(view)}
${toc()}
<main>
${summary(view)}
${metrics(view)}
${change(view)}
${customers(view)}
${roles(view)}
${chart(view)}
${phases(view)}
${updates(view)}
${pins(view)}
${followUps(view)}
${notes(view)}
${entries(view)}
${fillIns()}
</main>
</body>
</html>
`;
}
