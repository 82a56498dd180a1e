/** @module export/html-activity — the HTML postmortem's record: protocol steps, what people posted, the timeline. */

import { formatDuration } from '../incident/durations.js';
import { chartSpan } from './chart-axis.js';
import { escapeMarkup } from './chart-svg.js';
import { dayBreaks, localTime, tPlus, utcDateTime } from './format.js';
import { duration, empty, NONE, prose, section, table, time, type View } from './html-markup.js';
import type { PhaseView, StepRecordView } from './model.js';

const STEP_STATUS: Record<StepRecordView['status'], string> = {
  done: 'Done',
  skipped: 'Skipped',
  open: 'Open',
  blocked: 'Blocked',
};

const e = escapeMarkup;

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

export function phases(view: View): string {
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

export function updates(view: View): string {
  const items = view.timeline.updates.map((u) => ({
    ...u,
    extra: u.audience === 'customers' ? ' · for customers' : '',
  }));
  return section('updates', 'Status updates', posts(view, items, 'No status updates were posted.'));
}

export function pins(view: View): string {
  const items = view.timeline.pins.map((p) => ({ at: p.at, by: p.author, text: p.text }));
  return section('pins', 'Pinned messages', posts(view, items, 'Nothing was pinned.'));
}

export function followUps(view: View): string {
  const items = view.timeline.followUps.map((f) => ({
    ...f,
    extra: ` · owner: ${f.owner === null ? 'nobody yet' : e(view.who(f.owner))}`,
  }));
  return section('follow-ups', 'Follow-ups', posts(view, items, 'No follow-ups were recorded.'));
}

export function notes(view: View): string {
  return section('notes', 'Notes', posts(view, view.timeline.notes, 'No notes were added.'));
}

export function entries(view: View): string {
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
