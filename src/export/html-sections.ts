/** @module export/html-sections — the page's overview sections: header, summary, durations, roles, chart, fill-ins. */

import { formatDuration } from '../incident/durations.js';
import { SEVERITIES, severityLabel } from '../incident/severity.js';
import { STATUSES, statusLabel } from '../incident/status.js';
import { renderChart } from './chart.js';
import { chartSpan, drawnSpan } from './chart-axis.js';
import { escapeMarkup } from './chart-svg.js';
import { FIRST_EXTERNAL_MILESTONE, FIRST_INTERNAL_MILESTONE, firstExternalNote } from './customers-text.js';
import { bothClocks } from './format.js';
import { duration, empty, NONE, prose, section, table, time, type View } from './html-markup.js';
import type { Metrics } from './model.js';
import { HANDOFF_OUTCOMES } from './roles-history.js';

/** The sections a team fills in after the incident, in the order they are written. */
export const FILL_IN_SECTIONS = [
  { id: 'contributing-factors', title: 'Contributing factors' },
  { id: 'went-well', title: 'What went well' },
  { id: 'went-badly', title: 'What went badly' },
  { id: 'got-lucky', title: 'Where we got lucky' },
  { id: 'action-items', title: 'Action items' },
] as const;

/** The metrics that are a duration (or null: never reached). */
type DurationKey = { [K in keyof Metrics]: Metrics[K] extends number | null ? K : never }[keyof Metrics];

/** The key durations, in the order the walkthrough names them; `note` says what one was counted to, when it varies. */
const METRICS: { id: string; label: string; key: DurationKey; to: string; note?: (m: Metrics) => string | null }[] = [
  { id: 'identify', label: 'Time to identify', key: 'timeToIdentifyMs', to: 'the suspect named (Identified)' },
  { id: 'rollback', label: 'Time to roll back', key: 'timeToRollbackMs', to: 'the recovery verified (Monitoring)' },
  {
    id: 'first-communication',
    label: 'Time to first internal communication',
    key: 'timeToFirstCommunicationMs',
    to: `the ${FIRST_INTERNAL_MILESTONE}`,
  },
  {
    id: 'first-external-communication',
    label: 'Time to first external communication',
    key: 'timeToFirstExternalMs',
    to: `the ${FIRST_EXTERNAL_MILESTONE}`,
    note: (m) => firstExternalNote(m.firstExternalFrom),
  },
  { id: 'mitigate', label: 'Time to mitigate', key: 'timeToMitigateMs', to: 'a fix under way (Mitigating)' },
  { id: 'resolve', label: 'Time to resolve', key: 'timeToResolveMs', to: 'resolved' },
];

const e = escapeMarkup;

export function header(view: View): string {
  const { incident, generatedAt } = view.timeline;
  const open = incident.resolvedAt === null;
  const spanned = generatedAt - chartSpan(view.timeline).start;
  const lasted =
    incident.durationMs !== null ? formatDuration(incident.durationMs) : `Ongoing, ${formatDuration(spanned)} so far`;
  const fact = (label: string, value: string) => `<div><dt>${e(label)}</dt><dd>${value}</dd></div>`;
  const facts = [
    fact('Severity', `<span class="badge ${incident.severity}">${e(severityLabel(incident.severity))}</span>`),
    fact('Status', `<span class="badge status-${incident.status}">${e(statusLabel(incident.status))}</span>`),
    fact('Duration', e(lasted)),
    incident.impactStartedAt !== null ? fact('Impact started', time(view, incident.impactStartedAt)) : '',
    fact('Declared', `${time(view, incident.declaredAt)} by ${e(view.who(incident.declaredBy))}`),
    fact('Resolved', incident.resolvedAt === null ? 'Not yet' : time(view, incident.resolvedAt)),
    incident.service !== null ? fact('Service', e(incident.service)) : '',
    incident.channel !== null ? fact('Channel', `#${e(incident.channel.name)}`) : '',
    incident.protocol !== null ? fact('Protocol', e(incident.protocol)) : '',
    incident.private ? fact('Visibility', 'Private') : '',
  ];
  const generated = bothClocks(generatedAt, view.zone);
  return `<header class="incident${open ? ' open' : ''}">
<p class="eyebrow">Post-incident report${open ? ' · incident still open' : ''}</p>
<h1><span class="incident-id">${e(incident.id)}</span> ${e(incident.title)}</h1>
<dl class="facts">${facts.join('')}</dl>
<p class="generated">Generated ${e(generated)}. Times are in ${e(view.zone)} unless marked UTC.</p>
</header>`;
}

export function toc(): string {
  const links: [string, string][] = [
    ['summary', 'Summary'],
    ['metrics', 'Key durations'],
    ['change', 'Change'],
    ['customers', 'Customers'],
    ['roles', 'Roles'],
    ['chart', 'Chart'],
    ['phases', 'Protocol'],
    ['updates', 'Updates'],
    ['pins', 'Pinned'],
    ['follow-ups', 'Follow-ups'],
    ['timeline', 'Timeline'],
    ['contributing-factors', 'Postmortem'],
  ];
  return `<nav class="toc" aria-label="Sections">${links.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>`;
}

export function summary(view: View): string {
  const { incident } = view.timeline;
  const at = (ms: number) => time(view, ms, bothClocks(ms, view.zone));
  let impact = '<p>No earlier impact start was recorded; durations count from the declare.</p>';
  if (incident.impactStartedAt !== null) {
    const gap = formatDuration(Math.abs(incident.declaredAt - incident.impactStartedAt));
    const side = incident.impactStartedAt <= incident.declaredAt ? 'before' : 'after';
    impact = `<p>Impact started ${at(incident.impactStartedAt)}, ${e(gap)} ${side} the declare; durations count from then.</p>`;
  }
  const declared = `<p>Declared ${at(incident.declaredAt)} by ${e(view.who(incident.declaredBy))}.</p>`;
  const resolved =
    incident.resolvedAt !== null
      ? `<p>Resolved ${at(incident.resolvedAt)}.</p>`
      : `<p>Still open when this was generated, ${at(view.timeline.generatedAt)}.</p>`;
  const resolution = incident.resolution !== null ? `<h3>Resolution</h3>\n${prose(incident.resolution)}` : '';
  return section(
    'summary',
    'Summary and impact',
    `${incident.summary !== null ? prose(incident.summary) : empty('No summary was recorded.')}\n${impact}\n${declared}\n${resolved}\n${resolution}`,
  );
}

export function metrics(view: View): string {
  const { metrics: m } = view.timeline;
  const from = m.startedFrom === 'impact' ? 'impact start' : 'declare';
  const rows = METRICS.map(({ id, label, key, to, note }) => {
    const value = m[key];
    const source = note?.(m) ?? null;
    const said = source === null ? '' : ` <span class="source">${e(source)}</span>`;
    const shown =
      value === null ? `<span class="none" title="Never happened">${NONE}</span>` : e(duration(value)) + said;
    const reached = value === null ? NONE : time(view, view.start + value);
    return `<tr data-metric="${id}"><th scope="row">${e(label)}</th><td class="value">${shown}</td><td class="reached">${reached}</td><td class="what">From the ${from} to ${e(to)}</td></tr>`;
  });
  const inStatus = STATUSES.filter((status) => m.timeInStatusMs[status] !== undefined).map(
    (status) =>
      `<li>${e(status === 'resolved' ? 'Resolved (before a reopen)' : statusLabel(status))}: ${e(duration(m.timeInStatusMs[status] ?? null))}</li>`,
  );
  const inSeverity = SEVERITIES.filter((severity) => m.timeInSeverityMs[severity] !== undefined).map(
    (severity) => `<li>${e(severityLabel(severity))}: ${e(duration(m.timeInSeverityMs[severity] ?? null))}</li>`,
  );
  const spent =
    inStatus.length + inSeverity.length > 0
      ? `<div class="spent"><div><h3>Time in each status</h3><ul>${inStatus.join('')}</ul></div><div><h3>Time at each severity</h3><ul>${inSeverity.join('')}</ul></div></div>`
      : '';
  return section(
    'metrics',
    'Key durations',
    `${table(['Duration', 'Value', 'Reached', 'Counted'], rows, 'metrics')}\n<p class="hint">${NONE} means it never happened.</p>\n${spent}`,
  );
}

export function roles(view: View): string {
  const { roles: history, handoffs } = view.timeline;
  const rows = history.flatMap((role) =>
    role.holders.length === 0
      ? [
          `<tr data-role="${e(role.role)}"><th scope="row">${e(role.label)}</th><td colspan="3" class="empty">Unassigned</td></tr>`,
        ]
      : role.holders.map(
          (holder, i) =>
            `<tr data-role="${e(role.role)}"><th scope="row">${i === 0 ? e(role.label) : ''}</th><td>${e(view.who(holder.user))}</td><td>${time(view, holder.from)}</td><td>${holder.to === null ? 'to the end' : time(view, holder.to)}</td></tr>`,
        ),
  );
  const offers = handoffs.map(
    (h) =>
      `<tr data-handoff="${h.outcome}"><td>${e(h.label)}</td><td>${h.from === null ? NONE : e(view.who(h.from))}</td><td>${e(view.who(h.to))}</td><td>${time(view, h.offeredAt)}</td><td>${h.answeredAt === null ? NONE : time(view, h.answeredAt)}</td><td><span class="outcome ${h.outcome}">${HANDOFF_OUTCOMES[h.outcome]}</span></td><td class="reason-cell">${h.reason === null ? '' : e(h.reason)}</td></tr>`,
  );
  const handoffTable =
    offers.length > 0
      ? table(['Role', 'From', 'To', 'Offered', 'Answered', 'Outcome', 'Reason'], offers, 'handoffs')
      : empty('No handoffs.');
  return section(
    'roles',
    'Roles and handoffs',
    `${rows.length > 0 ? table(['Role', 'Held by', 'From', 'Until'], rows, 'roles') : empty('No roles were seated.')}\n<h3>Handoffs</h3>\n${handoffTable}`,
  );
}

export function chart(view: View): string {
  const { incident } = view.timeline;
  const marked =
    view.timeline.change === null
      ? 'status changes, milestones and accepted handoffs'
      : 'status changes, milestones, accepted handoffs, the suspect deploy and the rollbacks';
  const earlier =
    drawnSpan(view.timeline).start < chartSpan(view.timeline).start ? ', from the suspect deploy going live' : '';
  const caption = `Phases as bars over the incident's span (${incident.resolvedAt === null ? 'until this export' : 'impact start or declare to resolve'}${earlier}), with ${marked} marked. Times in ${view.zone}.`;
  return section(
    'chart',
    'Chart',
    `<figure class="chart-figure">\n${renderChart(view.timeline)}\n<figcaption>${e(caption)}</figcaption>\n</figure>`,
  );
}

export function fillIns(): string {
  const actions = table(
    ['Action', 'Owner', 'Due', 'Ticket'],
    ['<tr><td></td><td></td><td></td><td></td></tr>'.repeat(3)],
    'actions',
  );
  return FILL_IN_SECTIONS.map((s, i) =>
    section(
      s.id,
      s.title,
      s.id === 'action-items' ? actions : '<div class="write-here"></div>',
      `fill-in${i === 0 ? ' postmortem-start' : ''}`,
    ),
  ).join('\n');
}
