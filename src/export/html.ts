/** @module export/html — the postmortem as one self-contained HTML file that reads on screen and prints. */
// Header, summary, key durations, roles and handoffs, the chart, the protocol, updates, pins, follow-ups, the whole
// timeline and the sections the team writes afterwards. Inline CSS and SVG, no script, nothing fetched.
import { formatDuration } from '../incident/durations.js';
import { SEVERITIES, severityLabel } from '../incident/severity.js';
import { STATUSES, statusLabel } from '../incident/status.js';
import { chartSpan, escapeMarkup, renderChart } from './chart.js';
import { bothClocks, dayBreaks, localShort, localTime, timelineStart, tPlus, utcDateTime } from './format.js';
import type { HandoffRecord, Metrics, PhaseView, StepRecordView, Timeline } from './model.js';

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

/** The key durations, in the order the walkthrough names them. */
const METRICS: { id: string; label: string; key: DurationKey; to: string }[] = [
  { id: 'identify', label: 'Time to identify', key: 'timeToIdentifyMs', to: 'the suspect named (Identified)' },
  { id: 'rollback', label: 'Time to roll back', key: 'timeToRollbackMs', to: 'the recovery verified (Monitoring)' },
  {
    id: 'first-communication',
    label: 'Time to first communication',
    key: 'timeToFirstCommunicationMs',
    to: 'the first status update posted',
  },
  { id: 'mitigate', label: 'Time to mitigate', key: 'timeToMitigateMs', to: 'a fix under way (Mitigating)' },
  { id: 'resolve', label: 'Time to resolve', key: 'timeToResolveMs', to: 'resolved' },
];

const STEP_STATUS: Record<StepRecordView['status'], string> = {
  done: 'Done',
  skipped: 'Skipped',
  open: 'Open',
  blocked: 'Blocked',
};

const NONE = '—';

const OUTCOME: Record<HandoffRecord['outcome'], string> = {
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
  pending: 'Never answered',
};

/** What every section needs: the time zone, the start that T+ counts from, and names for people. */
interface View {
  timeline: Timeline;
  zone: string;
  start: number;
  who: (id: string) => string;
}

function viewOf(timeline: Timeline): View {
  return {
    timeline,
    zone: timeline.timeZone,
    start: timelineStart(timeline),
    who: (id) => timeline.people[id] ?? id,
  };
}

const e = escapeMarkup;

/** A `<time>` element: machine-readable UTC, shown in the display time zone (or as `shown`). */
function time(view: View, ms: number, shown = localShort(ms, view.zone)): string {
  return `<time datetime="${new Date(ms).toISOString()}">${e(shown)}</time>`;
}

function duration(ms: number | null): string {
  return ms === null ? NONE : formatDuration(ms);
}

/** User text, escaped, with its line breaks kept. */
function prose(text: string): string {
  return `<p class="prose">${e(text)}</p>`;
}

function empty(text: string): string {
  return `<p class="empty">${e(text)}</p>`;
}

function section(id: string, title: string, body: string, className = ''): string {
  const classes = className ? ` class="${className}"` : '';
  return `<section id="${id}" data-section="${id}"${classes}>\n<h2>${e(title)}</h2>\n${body}\n</section>`;
}

function table(head: string[], rows: string[], className = ''): string {
  const classes = className ? ` class="${className}"` : '';
  const cells = head.map((h) => `<th scope="col">${e(h)}</th>`).join('');
  return `<div class="table-wrap"><table${classes}><thead><tr>${cells}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

function header(view: View): string {
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

function toc(): string {
  const links: [string, string][] = [
    ['summary', 'Summary'],
    ['metrics', 'Key durations'],
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

function summary(view: View): string {
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

function metrics(view: View): string {
  const { metrics: m } = view.timeline;
  const from = m.startedFrom === 'impact' ? 'impact start' : 'declare';
  const rows = METRICS.map(({ id, label, key, to }) => {
    const value = m[key];
    const shown = value === null ? `<span class="none" title="Never happened">${NONE}</span>` : e(duration(value));
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

function roles(view: View): string {
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
      `<tr data-handoff="${h.outcome}"><td>${e(h.label)}</td><td>${h.from === null ? NONE : e(view.who(h.from))}</td><td>${e(view.who(h.to))}</td><td>${time(view, h.offeredAt)}</td><td>${h.answeredAt === null ? NONE : time(view, h.answeredAt)}</td><td><span class="outcome ${h.outcome}">${OUTCOME[h.outcome]}</span></td><td class="reason-cell">${h.reason === null ? '' : e(h.reason)}</td></tr>`,
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

function chart(view: View): string {
  const { incident } = view.timeline;
  const caption = `Phases as bars over the incident's span (${incident.resolvedAt === null ? 'until this export' : 'impact start or declare to resolve'}), with status changes, milestones and accepted handoffs marked. Times in ${view.zone}.`;
  return section(
    'chart',
    'Chart',
    `<figure class="chart-figure">\n${renderChart(view.timeline)}\n<figcaption>${e(caption)}</figcaption>\n</figure>`,
  );
}

function stepDetails(step: StepRecordView): string {
  const inputs = Object.entries(step.inputs).map(
    ([key, value]) => `<div class="input"><span class="key">${e(key)}:</span> ${e(value)}</div>`,
  );
  const reason = step.reason !== null ? `<div class="reason">${e(step.reason)}</div>` : '';
  return `${inputs.join('')}${reason}`;
}

function phase(view: View, p: PhaseView): string {
  const { end } = chartSpan(view.timeline);
  let meta = 'Not started';
  if (p.startedAt !== null) {
    const until =
      p.endedAt === null ? `still open (${formatDuration(end - p.startedAt)} so far)` : time(view, p.endedAt);
    const took = p.endedAt === null ? '' : ` · ${e(formatDuration(p.endedAt - p.startedAt))}`;
    meta = `Started ${time(view, p.startedAt)} · ended ${until}${took}`;
  }
  const rows = p.steps.map(
    (s) =>
      `<tr data-step="${e(s.id)}" class="step-${s.status}"><td>${s.number}</td><td>${e(s.title)}</td><td>${e(s.ownerLabel)}</td><td><span class="step-status ${s.status}">${STEP_STATUS[s.status]}</span></td><td>${s.at === null ? NONE : time(view, s.at)}</td><td>${s.by === null ? NONE : e(view.who(s.by))}</td><td>${e(duration(s.durationMs))}</td><td class="details">${stepDetails(s)}</td></tr>`,
  );
  return `<article class="phase" data-phase="${e(p.id)}">
<h3>${e(p.title)}${p.parallel ? ' <span class="tag">in parallel</span>' : ''}</h3>
<p class="meta">${meta}</p>
${table(['#', 'Step', 'Owner', 'Status', 'At', 'By', 'After', 'Details'], rows, 'steps')}
</article>`;
}

function phases(view: View): string {
  const { phases: list, incident } = view.timeline;
  const intro = incident.protocol !== null ? `<p class="meta">Protocol: ${e(incident.protocol)}</p>\n` : '';
  return section(
    'phases',
    'Protocol',
    list.length > 0 ? intro + list.map((p) => phase(view, p)).join('\n') : empty('No protocol was run.'),
  );
}

/** A list of things people wrote, each with when and who. */
function posts(view: View, items: { at: number; by: string; text: string; extra?: string }[], none: string): string {
  if (items.length === 0) return empty(none);
  const list = items.map(
    (item) =>
      `<li><p class="meta">${time(view, item.at)} · ${e(view.who(item.by))}${item.extra ?? ''}</p><blockquote>${prose(item.text)}</blockquote></li>`,
  );
  return `<ol class="posts">\n${list.join('\n')}\n</ol>`;
}

function updates(view: View): string {
  return section('updates', 'Status updates', posts(view, view.timeline.updates, 'No status updates were posted.'));
}

function pins(view: View): string {
  const items = view.timeline.pins.map((p) => ({ at: p.at, by: p.author, text: p.text }));
  return section('pins', 'Pinned messages', posts(view, items, 'Nothing was pinned.'));
}

function followUps(view: View): string {
  const items = view.timeline.followUps.map((f) => ({
    ...f,
    extra: ` · owner: ${f.owner === null ? 'nobody yet' : e(view.who(f.owner))}`,
  }));
  return section('follow-ups', 'Follow-ups', posts(view, items, 'No follow-ups were recorded.'));
}

function notes(view: View): string {
  return section('notes', 'Notes', posts(view, view.timeline.notes, 'No notes were added.'));
}

function entries(view: View): string {
  const { entries: list } = view.timeline;
  const breaks = dayBreaks(
    list.map((entry) => entry.at),
    view.zone,
  );
  const groups: { day: string; rows: string[] }[] = [];
  list.forEach((entry, i) => {
    const day = breaks[i];
    if (day) groups.push({ day, rows: [] });
    groups
      .at(-1)
      ?.rows.push(
        `<tr class="kind-${entry.kind}" data-seq="${entry.seq}"><td class="utc">${time(view, entry.at, utcDateTime(entry.at))}</td><td class="local">${e(localTime(entry.at, view.zone))}</td><td class="tplus">${e(tPlus(entry.at, view.start))}</td><td class="who">${e(view.who(entry.actor))}</td><td class="what">${e(entry.text)}</td></tr>`,
      );
  });
  if (groups.length === 0) return section('timeline', 'Timeline', empty('The timeline is empty.'));
  const head = ['UTC', view.zone, 'T+', 'Who', 'What'].map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const bodies = groups.map(
    (g) =>
      `<tbody><tr class="day"><th colspan="5" scope="rowgroup">${e(g.day)}</th></tr>\n${g.rows.join('\n')}\n</tbody>`,
  );
  const from = view.timeline.incident.impactStartedAt !== null ? 'the impact start' : 'the declare';
  return section(
    'timeline',
    'Timeline',
    `<p class="hint">Every event in the incident's log, in order. T+ counts from ${from}.</p>\n<div class="table-wrap"><table class="timeline"><thead><tr>${head}</tr></thead>\n${bodies.join('\n')}\n</table></div>`,
  );
}

function fillIns(): string {
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

const CSS = `
:root { color-scheme: light; --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --soft: #f7f8fa; --accent: #3d6fb6; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1120px; padding: 24px 20px 48px; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 0.2rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 0 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; overflow-wrap: anywhere; }
section { margin: 2.25rem 0; }
.incident-id { color: var(--muted); font-weight: 600; margin-right: 0.4rem; }
.eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 0.5rem 1.25rem; margin: 0; }
.facts dt { color: var(--muted); font-size: 0.8rem; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.generated, .hint, .meta, figcaption { color: var(--muted); font-size: 0.875rem; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 999px; font-weight: 700; background: #e5e7eb; }
.badge.sev1 { background: #dc2626; color: #fff; } .badge.sev2 { background: #ea580c; color: #fff; }
.badge.sev3 { background: #facc15; color: #111; } .badge.sev4 { background: #2563eb; color: #fff; }
.badge.status-investigating { background: #f6c3c0; } .badge.status-identified { background: #fbd7a1; }
.badge.status-mitigating { background: #f3e48e; } .badge.status-monitoring { background: #b9d3f2; }
.badge.status-resolved { background: #bfe3c6; }
.toc { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 1.25rem 0; padding: 0.5rem 0; border-block: 1px solid var(--line); }
.toc a { color: var(--accent); text-decoration: none; font-size: 0.9rem; }
.prose { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0; }
.empty { color: var(--muted); font-style: italic; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
td.what, td.details, td.reason-cell { overflow-wrap: anywhere; }
thead th { font-size: 0.8rem; color: var(--muted); border-bottom: 2px solid var(--line); }
table.metrics td.value { font-size: 1.15rem; font-weight: 700; white-space: nowrap; }
table.metrics td.what { color: var(--muted); }
.spent { display: flex; flex-wrap: wrap; gap: 0 3rem; }
.spent ul { margin: 0; padding-left: 1.2rem; }
.outcome.accepted { color: #15803d; font-weight: 600; } .outcome.declined, .outcome.expired { color: #b91c1c; }
.tag { font-size: 0.75rem; font-weight: 600; color: var(--accent); border: 1px solid currentColor; border-radius: 4px; padding: 0 0.3rem; }
.step-status.done { color: #15803d; } .step-status.skipped { color: #a16207; } .step-status.blocked { color: #b91c1c; }
.step-status.open { color: var(--muted); }
.input .key { color: var(--muted); }
.reason { font-style: italic; }
.posts { list-style: none; padding: 0; margin: 0; }
.posts li { margin: 0 0 0.9rem; }
.posts .meta { margin: 0; }
blockquote { margin: 0.15rem 0 0; padding: 0.35rem 0.75rem; border-left: 3px solid var(--line); background: var(--soft); }
.chart-figure { margin: 0; }
svg.chart { display: block; width: 100%; height: auto; max-width: 100%; }
table.timeline td.utc, table.timeline td.local, table.timeline td.tplus { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.timeline td.utc { color: var(--muted); }
table.timeline tr.day th { background: var(--soft); font-size: 0.85rem; padding-top: 0.6rem; }
table.timeline tr.kind-system td { color: var(--muted); }
.write-here { min-height: 4rem; border: 1px dashed #d1d5db; border-radius: 6px; }
table.actions td { height: 2.2rem; }
@media (max-width: 700px) {
  body { padding: 16px 12px 32px; font-size: 14px; }
  table.timeline td.utc { white-space: normal; }
}
@page { margin: 14mm 12mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .toc { display: none; }
  section { margin: 1.25rem 0; }
  h2, h3 { break-after: avoid; }
  .table-wrap { overflow: visible; }
  thead { display: table-header-group; }
  tr, .posts li, .chart-figure, .facts div { break-inside: avoid; }
  #chart, #timeline, .postmortem-start { break-before: page; }
  svg.chart { width: 100%; height: auto; }
  .write-here { min-height: 45mm; }
}
`;

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
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="warroom">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
${header(view)}
${toc()}
<main>
${summary(view)}
${metrics(view)}
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
