/** @module export/html-sections — the page's overview sections: header, summary, durations, roles, chart, fill-ins. */

import { formatDuration } from '../incident/durations.js';
import { SEVERITIES, severityLabel } from '../incident/severity.js';
import { STATUSES, statusLabel } from '../incident/status.js';
import { renderChartChunks } from './chart.js';
import { chartSpan, drawnSpan } from './chart-axis.js';
import { escapeMarkup } from './chart-svg.js';
import { firstExternalNote } from './customers-text.js';
import { bothClocks } from './format.js';
import { duration, empty, NONE, prose, section, sectionChunks, table, time, type View } from './html-markup.js';
import { PHASE_DURATION_DEFINITION, phaseDurationMs } from './metrics.js';
import type { Durations } from './model.js';
import { HANDOFF_OUTCOMES } from './roles-history.js';

/** The sections a team fills in after the incident, in the order they are written. */
export const FILL_IN_SECTIONS = [
  { id: 'contributing-factors', title: 'Contributing factors' },
  { id: 'went-well', title: 'What went well' },
  { id: 'went-badly', title: 'What went badly' },
  { id: 'got-lucky', title: 'Where we got lucky' },
  { id: 'action-items', title: 'Action items' },
] as const;

/** The key durations, in the order the walkthrough names them; `note` says what one was counted to, when it varies. */
const METRICS: { id: string; label: string; key: keyof Durations; note?: (d: Durations) => string | null }[] = [
  { id: 'detect', label: 'Time to detect', key: 'detect' },
  { id: 'acknowledge', label: 'Time to acknowledge', key: 'acknowledge' },
  { id: 'identify', label: 'Time to identify', key: 'identify' },
  { id: 'first-communication', label: 'Time to first internal communication', key: 'firstInternal' },
  {
    id: 'first-external-communication',
    label: 'Time to first external communication',
    key: 'firstExternal',
    note: (d) => firstExternalNote(d.firstExternal.milestone),
  },
  { id: 'mitigate', label: 'Time to mitigate', key: 'mitigate' },
  { id: 'resolve', label: 'Time to resolve', key: 'resolve' },
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
  const { metrics: m, phases, incident } = view.timeline;
  const rows = METRICS.map(({ id, label, key, note }) => {
    const { ms, to, definition } = m.durations[key];
    const source = note?.(m.durations) ?? null;
    const said = source === null ? '' : ` <span class="source">${e(source)}</span>`;
    const shown = ms === null ? `<span class="none" title="Never happened">${NONE}</span>` : e(duration(ms)) + said;
    const reached = to === null ? NONE : time(view, to);
    return `<tr data-metric="${id}"><th scope="row">${e(label)}</th><td class="value">${shown}</td><td class="reached">${reached}</td><td class="what">${e(definition)}</td></tr>`;
  });
  const phaseRows = phases.map((p) => {
    const took = phaseDurationMs(p);
    const started = p.startedAt === null ? 'Not started' : time(view, p.startedAt);
    const finished = p.endedAt === null ? (p.startedAt === null ? NONE : 'Not finished') : time(view, p.endedAt);
    const title = p.parallel ? `${p.title} (runs alongside)` : p.title;
    return `<tr data-phase="${e(p.id)}"><th scope="row">${e(title)}</th><td class="value">${took === null ? `<span class="none" title="Not finished">${NONE}</span>` : e(duration(took))}</td><td>${started}</td><td>${finished}</td></tr>`;
  });
  const phaseTable =
    phaseRows.length > 0
      ? `<h3>Phases of the ${e(incident.protocol ?? 'incident')} protocol</h3>\n${table(['Phase', 'Took', 'Started', 'Finished'], phaseRows, 'metrics phase-durations')}\n<p class="hint">Each phase is counted ${e(PHASE_DURATION_DEFINITION)}.</p>\n`
      : '';
  const counted =
    m.startedFrom === 'impact' ? 'from the impact start' : 'from the declare (no impact start was recorded)';
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
    `${table(['Duration', 'Value', 'Reached', 'Definition'], rows, 'metrics')}\n<p class="hint">Counted ${e(counted)}, except the time to detect (impact start → declare) and the time to acknowledge (from the declare). ${NONE} means it never happened.</p>\n${phaseTable}${spent}`,
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

/** The chart's section, the chart in pieces (renderChartChunks). */
export function* chart(view: View): Generator<string> {
  const { incident } = view.timeline;
  const marked =
    view.timeline.change === null
      ? 'status changes, milestones and accepted handoffs'
      : 'status changes, milestones, accepted handoffs, the suspect deploy and the rollbacks';
  const earlier =
    drawnSpan(view.timeline).start < chartSpan(view.timeline).start ? ', from the suspect deploy going live' : '';
  const caption = `Phases as bars over the incident's span (${incident.resolvedAt === null ? 'until this export' : 'impact start or declare to resolve'}${earlier}), with ${marked} marked. Times in ${view.zone}.`;
  yield* sectionChunks('chart', 'Chart', figure());

  function* figure(): Generator<string> {
    yield '<figure class="chart-figure">\n';
    yield* renderChartChunks(view.timeline);
    yield `\n<figcaption>${e(caption)}</figcaption>\n</figure>`;
  }
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
