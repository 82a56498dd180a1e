/** @module export/html-customers — the HTML postmortem's "What customers were told" section. */

import { escapeMarkup } from './chart-svg.js';
import { componentLabel, NOTHING_TOLD, pageStatusLabel, publishOutcome } from './customers-text.js';
import { tPlus } from './format.js';
import { empty, facts, link, prose, section, time, type View } from './html-markup.js';
import type { CustomerUpdateView, StatusPagePublishView } from './model.js';

const e = escapeMarkup;

function when(view: View, ms: number): string {
  return `${time(view, ms)} (${e(tPlus(ms, view.start))})`;
}

/** A publish: every text in it (body, name, link, error, component ids) came from people or Statuspage: escaped. */
function publish(view: View, p: StatusPagePublishView): string {
  const components = p.components.map((c) => e(componentLabel(c))).join('; ');
  return `<li data-via="status-page" data-outcome="${p.outcome}" data-publish="${e(p.publishId)}">
<p class="meta">${when(view, p.at)} · <strong>Status page</strong>: <span class="publish-outcome ${p.outcome}">${e(publishOutcome(p.outcome))}</span></p>
${facts([
  ['Statuspage said', p.error === null ? null : `<span class="error">${e(p.error)}</span>`],
  ['Status', e(pageStatusLabel(p.status))],
  ['Components', components === '' ? null : components],
  ['Notify subscribers', p.notify ? 'yes' : 'no'],
  ['Link', p.url === null ? null : link('the status page', p.url)],
  [
    'Asked for',
    `${time(view, p.requestedAt)} by ${e(view.who(p.requestedBy))}${p.name === null ? '' : `, naming the incident ${e(p.name)} on the page`}`,
  ],
])}
<blockquote>${prose(p.body)}</blockquote>
</li>`;
}

function posted(view: View, u: CustomerUpdateView): string {
  const draft = u.draft === null ? '' : `, from the ${e(u.draft)} draft`;
  return `<li data-via="slack">
<p class="meta">${when(view, u.at)} · Posted in Slack by ${e(view.who(u.by))}${draft}</p>
<blockquote>${prose(u.text)}</blockquote>
</li>`;
}

/** Every status-page publish and update for customers, in order; says so when there was none. */
export function customers(view: View): string {
  const told = view.timeline.customersTold;
  if (told.length === 0) return section('customers', 'What customers were told', empty(NOTHING_TOLD));
  const items = told.map((m) => (m.via === 'slack' ? posted(view, m) : publish(view, m)));
  return section(
    'customers',
    'What customers were told',
    `<p class="hint">Status-page publishes and updates for customers posted in Slack, in order. Internal updates are under Status updates.</p>\n<ol class="posts customers-told">\n${items.join('\n')}\n</ol>`,
  );
}
