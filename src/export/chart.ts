/** @module export/chart — the incident at a glance: phases as bars over its span, milestones and handoffs marked. */
// Plain inline SVG: the span as the x axis (ticks in the display time zone), the status as a coloured strip, one bar
// per protocol phase, vertical marks for milestones, status changes and accepted handoffs; nothing fetched, so it
// prints and opens offline.
import { TZDate } from '@date-fns/tz';
import { addDays, format, startOfDay } from 'date-fns';
import { formatDuration } from '../incident/durations.js';
import { type Status, statusLabel } from '../incident/status.js';
import { timelineStart } from './format.js';
import type { PhaseView, Timeline } from './model.js';

const MINUTE = 60_000;
const WIDTH = 960;
const PAD = 12;
const PLOT_X0 = 224;
const PLOT_X1 = WIDTH - 28;
/** Room for a row's label, left of the plot. */
const LABEL_MAX = PLOT_X0 - PAD - 14;
const FONT = 12;
const SMALL = 11;
const LANE_H = 17;
const ROW_H = 28;
const BAR_H = 16;
const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";

const STATUS_FILL: Record<Status | 'undeclared', string> = {
  undeclared: '#e4e4e7',
  investigating: '#f6c3c0',
  identified: '#fbd7a1',
  mitigating: '#f3e48e',
  monitoring: '#b9d3f2',
  resolved: '#bfe3c6',
};

/** Status changes that are milestones of the protocol (the first move to each is what metrics count to). */
const MILESTONE_STATUSES: readonly Status[] = ['identified', 'mitigating', 'monitoring', 'resolved'];

/** Escapes text for HTML and SVG, in element content and in quoted attributes alike. */
export function escapeMarkup(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `HH:mm` (or another short pattern) in the display time zone: format.ts has no clock short enough for a chart. */
function clock(ms: number, timeZone: string, pattern = 'HH:mm'): string {
  return format(new TZDate(ms, timeZone), pattern);
}

/** What the chart's x axis covers: from the impact start (or the declare) to the resolve (or the export). */
export function chartSpan(timeline: Timeline): { start: number; end: number } {
  const { declaredAt, resolvedAt } = timeline.incident;
  // An impact start set later than the declare would push the declare mark off the axis; the axis holds both.
  const start = Math.min(timelineStart(timeline), declaredAt);
  return { start, end: Math.max(resolvedAt ?? timeline.generatedAt, start + MINUTE) };
}

/**
 * A conservative guess at how wide `text` is drawn, in user units: per-character advances of DejaVu Sans (the widest
 * of the usual fallbacks), so a label that fits here fits in any of the fonts the chart asks for.
 */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (" .,:;'|!iIjlft()[]".includes(char)) em += 0.42;
    else if ('mwMW%@—…'.includes(char)) em += 1.02;
    else if (char >= 'A' && char <= 'Z') em += 0.8;
    else if (code > 0xffff) em += 1.3;
    else if (code > 0x7f) em += 1.05;
    else em += 0.66;
  }
  return em * size * (bold ? 1.12 : 1);
}

/** `text`, cut with an ellipsis so that it is at most `max` wide. */
function ellipsize(text: string, max: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, size, bold) > max) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

type Attrs = Record<string, string | number | undefined>;

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function el(name: string, attrs: Attrs, content?: string): string {
  const list = Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeMarkup(typeof value === 'number' ? num(value) : value)}"`)
    .join('');
  return content === undefined ? `<${name}${list}/>` : `<${name}${list}>${content}</${name}>`;
}

function text(x: number, y: number, body: string, attrs: Attrs = {}): string {
  return el('text', { x, y, ...attrs }, escapeMarkup(body));
}

/** A label drawn over lines: a white halo keeps it legible where a mark crosses it. */
const HALO: Attrs = { stroke: '#fff', 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' };

interface Mark {
  kind: 'milestone' | 'status' | 'handoff';
  at: number;
  label: string;
  attrs: Attrs;
}

function marksOf(timeline: Timeline): Mark[] {
  const { incident, people } = timeline;
  const marks: Mark[] = [];
  const seen = new Set<string>();
  const add = (mark: Mark, key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    marks.push(mark);
  };
  if (incident.impactStartedAt !== null && incident.impactStartedAt < incident.declaredAt) {
    add(
      { kind: 'milestone', at: incident.impactStartedAt, label: 'Impact start', attrs: { 'data-milestone': 'impact' } },
      'impact',
    );
  }
  add(
    { kind: 'milestone', at: incident.declaredAt, label: 'Declared', attrs: { 'data-milestone': 'declared' } },
    'declared',
  );
  // A reopen puts the incident back to Investigating: one mark says both.
  const reopens = new Map<number, Mark>();
  for (const entry of timeline.entries) {
    if (entry.kind !== 'reopened' || reopens.has(entry.at)) continue;
    const mark: Mark = { kind: 'milestone', at: entry.at, label: 'Reopened', attrs: { 'data-milestone': 'reopened' } };
    reopens.set(entry.at, mark);
    add(mark, `reopened@${entry.at}`);
  }
  for (const change of timeline.statusChanges) {
    // The incident starts out investigating: that is the declare, already marked.
    if (change.status === 'investigating' && change.at <= incident.declaredAt) continue;
    const reopen = reopens.get(change.at);
    if (reopen !== undefined && change.status === 'investigating') {
      reopen.attrs['data-status'] = change.status;
      continue;
    }
    const milestone = MILESTONE_STATUSES.includes(change.status);
    add(
      {
        kind: milestone ? 'milestone' : 'status',
        at: change.at,
        label: statusLabel(change.status),
        attrs: { 'data-milestone': milestone ? change.status : undefined, 'data-status': change.status },
      },
      `${change.status}@${change.at}`,
    );
  }
  if (incident.resolvedAt !== null) {
    add(
      { kind: 'milestone', at: incident.resolvedAt, label: 'Resolved', attrs: { 'data-milestone': 'resolved' } },
      `resolved@${incident.resolvedAt}`,
    );
  }
  for (const handoff of timeline.handoffs) {
    if (handoff.outcome !== 'accepted') continue;
    const at = handoff.answeredAt ?? handoff.offeredAt;
    const to = ellipsize(people[handoff.to] ?? handoff.to, 150, SMALL);
    add(
      { kind: 'handoff', at, label: `${handoff.label} → ${to}`, attrs: { 'data-role': handoff.role } },
      `handoff:${handoff.role}@${at}`,
    );
  }
  return marks.sort((a, b) => a.at - b.at);
}

interface Placed {
  x: number;
  anchor: 'start' | 'end';
  left: number;
  right: number;
  lane: number;
  label: string;
}

/** Puts each mark's label in the lowest lane where it overlaps no other label, and inside the chart. */
function placeLabels(items: { x: number; label: string; bold: boolean }[]): Placed[] {
  const lanes: { left: number; right: number }[][] = [];
  return items.map(({ x, label: raw, bold }) => {
    const label = ellipsize(raw, WIDTH - 2 * PAD, SMALL, bold);
    const width = textWidth(label, SMALL, bold);
    let anchor: 'start' | 'end' = 'start';
    let left = x + 4;
    if (left + width > WIDTH - PAD) {
      anchor = 'end';
      left = x - 4 - width;
    }
    if (left < PAD) {
      anchor = 'start';
      left = PAD;
    }
    const right = left + width;
    let lane = lanes.findIndex((taken) => taken.every((box) => right + 6 < box.left || left > box.right + 6));
    if (lane < 0) lane = lanes.push([]) - 1;
    lanes[lane]?.push({ left, right });
    return { x: anchor === 'start' ? left : right, anchor, left, right, lane, label };
  });
}

interface Tick {
  at: number;
  label: string;
  /** A second line: the date, the UTC offset, or both, where they change. */
  note: string | null;
}

const TICK_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720];

/** Round times in the display time zone, at most about eight of them across the span. */
function ticksOf(start: number, end: number, timeZone: string): Tick[] {
  const spanMinutes = (end - start) / MINUTE;
  const step = TICK_MINUTES.find((minutes) => spanMinutes / minutes <= 8);
  const times: number[] = [];
  if (step === undefined) {
    const days = Math.ceil(spanMinutes / 1440 / 8);
    for (let day = startOfDay(new TZDate(start, timeZone)); day.getTime() <= end; day = addDays(day, days)) {
      if (day.getTime() >= start) times.push(day.getTime());
    }
  } else {
    // Offsets are whole quarter hours everywhere, so local round times fall on UTC quarter hours.
    const grain = step < 60 ? MINUTE : 15 * MINUTE;
    for (let t = Math.ceil(start / grain) * grain; t <= end; t += grain) {
      const local = new TZDate(t, timeZone);
      if ((local.getHours() * 60 + local.getMinutes()) % step === 0) times.push(t);
    }
  }
  // Under a tick: the date where it changes, and the UTC offset where it changes (a night when the clocks go back
  // has two 02:00s).
  let previousDay = '';
  let previousOffset = clock(start, timeZone, 'zzz');
  return times.map((at) => {
    const day = clock(at, timeZone, 'd MMM');
    const offset = clock(at, timeZone, 'zzz');
    const note = [step !== undefined && day !== previousDay ? day : '', offset !== previousOffset ? offset : '']
      .filter(Boolean)
      .join(' ');
    previousDay = day;
    previousOffset = offset;
    return { at, label: step === undefined ? day : clock(at, timeZone), note: note || null };
  });
}

/** Where a centred label of `width` goes so that it stays inside the chart. */
function centred(x: number, width: number): number {
  return Math.min(Math.max(x, PAD + width / 2), WIDTH - PAD - width / 2);
}

function phaseSummary(phase: PhaseView, end: number, when: (ms: number) => string): string {
  if (phase.startedAt === null) return `${phase.title}: not started`;
  const until = phase.endedAt === null ? 'still open' : when(phase.endedAt);
  return `${phase.title}: ${when(phase.startedAt)}–${until} (${formatDuration((phase.endedAt ?? end) - phase.startedAt)})`;
}

/**
 * The chart as one `<svg>` element, sized by its viewBox to the width of its container. Phases carry
 * `data-phase="<id>"` and `data-state="done|open|not-started"` (their bar is `rect.bar`); marks carry
 * `data-mark="milestone|status|handoff"` (with `data-milestone`, `data-status`, `data-role`); every text is inside
 * the viewBox.
 *
 * @example
 * renderChart(timeline) // '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 262" width="100%" role="img" …'
 */
export function renderChart(timeline: Timeline): string {
  const { timeZone, incident } = timeline;
  const { start, end } = chartSpan(timeline);
  const xOf = (ms: number) =>
    PLOT_X0 + ((Math.min(Math.max(ms, start), end) - start) / (end - start)) * (PLOT_X1 - PLOT_X0);

  const marks = marksOf(timeline);
  // When the clocks change during the incident, a time of day alone can name two moments: add the offset.
  const ticks = ticksOf(start, end, timeZone);
  const shifted = new Set([start, end, ...ticks.map((t) => t.at)].map((ms) => clock(ms, timeZone, 'zzz'))).size > 1;
  const when = (ms: number) => clock(ms, timeZone, shifted ? 'HH:mm zzz' : 'HH:mm');
  const placed = placeLabels(
    marks.map((m) => ({ x: xOf(m.at), label: `${m.label} ${when(m.at)}`, bold: m.kind === 'milestone' })),
  );
  const laneCount = Math.max(1, ...placed.map((p) => p.lane + 1));
  const lanesBottom = PAD + laneCount * LANE_H;
  const statusTop = lanesBottom + 8;
  const phasesTop = statusTop + ROW_H;
  const axisY = phasesTop + Math.max(1, timeline.phases.length) * ROW_H + 6;
  const height = axisY + 44;

  const parts: string[] = [];
  const rowLabel = (y: number, label: string, attrs: Attrs = {}) =>
    text(PAD, y + ROW_H / 2 + 4, ellipsize(label, LABEL_MAX, FONT), { class: 'row-label', ...attrs });

  // Grid first: everything else is drawn over it.
  for (const tick of ticks) {
    const x = xOf(tick.at);
    parts.push(el('line', { x1: x, x2: x, y1: statusTop, y2: axisY, stroke: '#e5e7eb', 'data-tick': tick.label }));
  }
  timeline.phases.forEach((_, i) => {
    if (i % 2 === 0) {
      parts.push(
        el('rect', { x: PAD, y: phasesTop + i * ROW_H, width: WIDTH - 2 * PAD, height: ROW_H, fill: '#f7f8fa' }),
      );
    }
  });

  // The status strip: what the incident was, when.
  parts.push(rowLabel(statusTop, 'Status'));
  const declared = incident.declaredAt;
  const segments: { from: number; to: number; status: Status | 'undeclared' }[] = [];
  if (start < declared) segments.push({ from: start, to: declared, status: 'undeclared' });
  const changes = [...timeline.statusChanges].sort((a, b) => a.at - b.at);
  changes.forEach((change, i) => {
    segments.push({
      from: Math.max(change.at, start),
      to: Math.min(changes[i + 1]?.at ?? end, end),
      status: change.status,
    });
  });
  for (const segment of segments) {
    const x = xOf(segment.from);
    const width = xOf(segment.to) - x;
    if (width <= 0) continue;
    const name = segment.status === 'undeclared' ? 'Before the declare' : statusLabel(segment.status);
    const label = textWidth(name, SMALL) + 8 <= width ? text(x + 4, statusTop + ROW_H / 2 + 4, name) : '';
    parts.push(
      el(
        'g',
        { 'data-status-segment': segment.status, 'font-size': SMALL, fill: '#1f2937' },
        `${el('title', {}, escapeMarkup(`${name}: ${when(segment.from)}–${when(segment.to)}`))}${el('rect', { x, y: statusTop + (ROW_H - BAR_H) / 2, width, height: BAR_H, fill: STATUS_FILL[segment.status] })}${label}`,
      ),
    );
  }

  // One row per phase.
  timeline.phases.forEach((phase, i) => {
    const top = phasesTop + i * ROW_H;
    const barY = top + (ROW_H - BAR_H) / 2;
    const baseline = top + ROW_H / 2 + 4;
    const title = el('title', {}, escapeMarkup(phaseSummary(phase, end, when)));
    const label = rowLabel(top, phase.title);
    if (phase.startedAt === null) {
      const note = text(PLOT_X0 + 4, baseline, 'not started', {
        class: 'not-started',
        'font-size': SMALL,
        'font-style': 'italic',
        fill: '#6b7280',
      });
      parts.push(el('g', { 'data-phase': phase.id, 'data-state': 'not-started' }, `${title}${label}${note}`));
      return;
    }
    const open = phase.endedAt === null;
    const x0 = xOf(phase.startedAt);
    const x1 = Math.max(xOf(phase.endedAt ?? end), x0 + 3);
    const bar = el('rect', {
      class: 'bar',
      x: x0,
      y: barY,
      width: x1 - x0,
      height: BAR_H,
      rx: 3,
      fill: open ? '#a9c1e6' : '#3d6fb6',
      stroke: open ? '#3d6fb6' : undefined,
      'stroke-dasharray': open ? '4 3' : undefined,
    });
    const duration = `${open ? 'open · ' : ''}${formatDuration((phase.endedAt ?? end) - phase.startedAt)}`;
    const width = textWidth(duration, SMALL);
    let durationText = '';
    // Where the duration is written inside the bar, step ticks would strike through it.
    let inside = { left: 0, right: 0 };
    if (x1 + 6 + width <= WIDTH - PAD) {
      durationText = text(x1 + 6, baseline, duration, { class: 'duration', 'font-size': SMALL, fill: '#374151' });
    } else if (width + 12 <= x1 - x0) {
      inside = { left: x1 - 8 - width, right: x1 - 4 };
      durationText = text(x1 - 6, baseline, duration, {
        class: 'duration',
        'font-size': SMALL,
        'text-anchor': 'end',
        fill: open ? '#1f2937' : '#fff',
      });
    } else if (x0 - 6 - width >= PLOT_X0) {
      durationText = text(x0 - 6, baseline, duration, {
        class: 'duration',
        'font-size': SMALL,
        'text-anchor': 'end',
        fill: '#374151',
      });
    }
    const steps = phase.steps
      .filter((step) => step.at !== null && step.status !== 'open')
      .map((step) => ({ id: step.id, x: xOf(step.at ?? start) }))
      .filter(({ x }) => x < inside.left || x > inside.right)
      .map(({ id, x }) =>
        el('line', {
          'data-mark': 'step',
          'data-step': id,
          x1: x,
          x2: x,
          y1: barY + 3,
          y2: barY + BAR_H - 3,
          stroke: open ? '#3d6fb6' : '#fff',
          'stroke-width': 1.5,
        }),
      )
      .join('');
    parts.push(
      el(
        'g',
        { 'data-phase': phase.id, 'data-state': open ? 'open' : 'done' },
        `${title}${label}${bar}${steps}${durationText}`,
      ),
    );
  });

  // Marks: a line down from each label to the axis. Upper lanes first, so that every label is drawn over the lines
  // that pass behind it.
  const order = marks
    .map((mark, i) => ({ mark, spot: placed[i] }))
    .sort((a, b) => (b.spot?.lane ?? 0) - (a.spot?.lane ?? 0));
  for (const { mark, spot } of order) {
    if (spot === undefined) continue;
    const x = xOf(mark.at);
    const labelY = lanesBottom - 5 - spot.lane * LANE_H;
    const colour = mark.kind === 'handoff' ? '#7c3aed' : mark.kind === 'milestone' ? '#374151' : '#6b7280';
    const line = el('line', {
      x1: x,
      x2: x,
      y1: labelY + 3,
      y2: axisY,
      stroke: colour,
      'stroke-width': mark.kind === 'handoff' ? 2 : 1,
      'stroke-dasharray': mark.kind === 'handoff' ? undefined : mark.kind === 'milestone' ? '4 3' : '1 3',
    });
    const head =
      mark.kind === 'handoff'
        ? el('path', { d: `M${num(x)} ${num(axisY - 7)} l4 7 h-8 z`, fill: colour })
        : el('circle', { cx: x, cy: labelY + 3, r: 2, fill: colour });
    const label = text(spot.x, labelY, spot.label, {
      ...HALO,
      class: 'mark-label',
      'font-size': SMALL,
      'text-anchor': spot.anchor,
      fill: mark.kind === 'handoff' ? '#5b21b6' : '#111827',
      'font-weight': mark.kind === 'milestone' ? 600 : undefined,
    });
    const description = `${mark.kind === 'handoff' ? 'Handoff: ' : ''}${mark.label} at ${when(mark.at)}`;
    parts.push(
      el(
        'g',
        { 'data-mark': mark.kind, 'data-at': new Date(mark.at).toISOString(), ...mark.attrs },
        `${el('title', {}, escapeMarkup(description))}${line}${head}${label}`,
      ),
    );
  }

  // The axis, in the display time zone.
  parts.push(el('line', { class: 'axis', x1: PLOT_X0, x2: PLOT_X1, y1: axisY, y2: axisY, stroke: '#6b7280' }));
  for (const tick of ticks) {
    const x = xOf(tick.at);
    parts.push(el('line', { x1: x, x2: x, y1: axisY, y2: axisY + 5, stroke: '#6b7280' }));
    parts.push(
      text(centred(x, textWidth(tick.label, SMALL)), axisY + 18, tick.label, {
        class: 'tick-label',
        'font-size': SMALL,
        'text-anchor': 'middle',
        fill: '#374151',
      }),
    );
    if (tick.note !== null) {
      parts.push(
        text(centred(x, textWidth(tick.note, SMALL)), axisY + 32, tick.note, {
          class: 'tick-date',
          'font-size': SMALL,
          'text-anchor': 'middle',
          fill: '#6b7280',
        }),
      );
    }
  }
  parts.push(
    text(PAD, axisY + 18, ellipsize(timeZone, LABEL_MAX, SMALL), {
      class: 'zone',
      'font-size': SMALL,
      fill: '#6b7280',
    }),
  );

  const heading = `${incident.id}: ${incident.title}`;
  const description = [
    `From ${clock(start, timeZone, 'd MMM HH:mm')} to ${clock(end, timeZone, 'd MMM HH:mm')} (${timeZone}), ${formatDuration(end - start)}${incident.resolvedAt === null ? ', still open' : ''}.`,
    ...timeline.phases.map((phase) => `${phaseSummary(phase, end, when)}.`),
    ...marks.map((m) => `${m.kind === 'handoff' ? 'Handoff: ' : ''}${m.label} at ${when(m.at)}.`),
  ].join(' ');
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${WIDTH} ${num(height)}`,
      width: '100%',
      preserveAspectRatio: 'xMidYMin meet',
      role: 'img',
      'aria-labelledby': 'chart-title chart-desc',
      class: 'chart',
      'font-family': FONT_FAMILY,
      'font-size': FONT,
      fill: '#111827',
    },
    `${el('title', { id: 'chart-title' }, escapeMarkup(`Timeline chart of ${heading}`))}${el('desc', { id: 'chart-desc' }, escapeMarkup(description))}${parts.join('')}`,
  );
}
