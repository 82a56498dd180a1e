/** @module export/html-activity — the HTML postmortem's record: protocol steps, what people posted, the timeline. */

import { formatDuration } from '../incident/durations.js';
import { chartSpan } from './chart-axis.js';
import { escapeMarkup } from './chart-svg.js';
import { mapped } from './chunks.js';
import { dayBreaker, localTime, tPlus, utcDateTime } from './format.js';
import { duration, empty, NONE, prose, section, sectionChunks, table, time, type View } from './html-markup.js';
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

/** A list of things people wrote, each with when and who, a post at a time. */
function* posts(
  view: View,
  items: Iterable<{ at: number; by: string; text: string; extra?: string }>,
  none: string,
): Generator<string> {
  let separator = '<ol class="posts">\n';
  for (const item of items) {
    yield `${separator}<li><p class="meta">${time(view, item.at)} · ${e(view.who(item.by))}${item.extra ?? ''}</p><blockquote>${prose(item.text)}</blockquote></li>`;
    separator = '\n';
  }
  yield separator === '\n' ? '\n</ol>' : empty(none);
}

export function updates(view: View): Generator<string> {
  const items = mapped(view.timeline.updates, (u) => ({
    ...u,
    extra: u.audience === 'customers' ? ' · for customers' : '',
  }));
  return sectionChunks('updates', 'Status updates', posts(view, items, 'No status updates were posted.'));
}

export function pins(view: View): Generator<string> {
  const items = mapped(view.timeline.pins, (p) => ({ at: p.at, by: p.author, text: p.text }));
  return sectionChunks('pins', 'Pinned messages', posts(view, items, 'Nothing was pinned.'));
}

export function followUps(view: View): Generator<string> {
  const items = mapped(view.timeline.followUps, (f) => ({
    ...f,
    extra: ` · owner: ${f.owner === null ? 'nobody yet' : e(view.who(f.owner))}`,
  }));
  return sectionChunks('follow-ups', 'Follow-ups', posts(view, items, 'No follow-ups were recorded.'));
}

export function notes(view: View): Generator<string> {
  return sectionChunks('notes', 'Notes', posts(view, view.timeline.notes, 'No notes were added.'));
}

/** The whole timeline, a table body per day in the display time zone, a row at a time. */
export function* entries(view: View): Generator<string> {
  const { entries: list } = view.timeline;
  if (list.length === 0) {
    yield section('timeline', 'Timeline', empty('The timeline is empty.'));
    return;
  }
  const head = ['UTC', view.zone, 'T+', 'Who', 'What'].map((h) => `<th scope="col">${e(h)}</th>`).join('');
  const from = view.timeline.incident.impactStartedAt !== null ? 'the impact start' : 'the declare';
  yield* sectionChunks('timeline', 'Timeline', rows());

  function* rows(): Generator<string> {
    yield `<p class="hint">Every event in the incident's log, in order. T+ counts from ${from}.</p>\n<div class="table-wrap"><table class="timeline"><thead><tr>${head}</tr></thead>\n`;
    const dayOf = dayBreaker(view.zone);
    // The same few people act throughout: each name is escaped once.
    const names = new Map<string, string>();
    const who = (id: string): string => {
      let name = names.get(id);
      if (name === undefined) {
        name = e(view.who(id));
        names.set(id, name);
      }
      return name;
    };
    let open = false;
    // A row's cells carry no class (the stylesheet picks the columns by position): at 100k rows the
    // five class attributes were 6.5 MB of the file.
    for (const entry of list) {
      const day = dayOf(entry.at);
      // What comes before the row: the day's heading where a day starts (closing the day before), else a line break.
      const before = day
        ? `${open ? '\n</tbody>\n' : ''}<tbody><tr class="day"><th colspan="5" scope="rowgroup">${e(day)}</th></tr>\n`
        : '\n';
      open = true;
      yield `${before}<tr class="kind-${entry.kind}" data-seq="${entry.seq}"><td>${time(view, entry.at, utcDateTime(entry.at))}</td><td>${e(localTime(entry.at, view.zone))}</td><td>${e(tPlus(entry.at, view.start))}</td><td>${who(entry.actor)}</td><td>${e(entry.text)}</td></tr>`;
    }
    yield '\n</tbody>\n</table></div>';
  }
}
