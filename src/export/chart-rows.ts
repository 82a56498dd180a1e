/** @module export/chart-rows — the chart's rows: the status strip, and one bar per protocol phase. */

import { formatDuration } from '../incident/durations.js';
import { type Status, statusLabel } from '../incident/status.js';
import { ellipsize, textWidth } from './chart-labels.js';
import { BAR_H, FONT, type Frame, LABEL_MAX, PAD, PLOT_X0, ROW_H, SMALL, WIDTH } from './chart-layout.js';
import { type Attrs, el, escapeMarkup, text } from './chart-svg.js';
import type { PhaseView, Timeline } from './model.js';

const STATUS_FILL: Record<Status | 'undeclared', string> = {
  undeclared: '#e4e4e7',
  investigating: '#f6c3c0',
  identified: '#fbd7a1',
  mitigating: '#f3e48e',
  monitoring: '#b9d3f2',
  resolved: '#bfe3c6',
};

/** A phase in one line: when it ran and for how long, or that it never started. */
export function phaseSummary(phase: PhaseView, end: number, when: (ms: number) => string): string {
  if (phase.startedAt === null) return `${phase.title}: not started`;
  const until = phase.endedAt === null ? 'still open' : when(phase.endedAt);
  return `${phase.title}: ${when(phase.startedAt)}–${until} (${formatDuration((phase.endedAt ?? end) - phase.startedAt)})`;
}

/** A row's label, left of the plot. */
function rowLabel(y: number, label: string, attrs: Attrs = {}): string {
  return text(PAD, y + ROW_H / 2 + 4, ellipsize(label, LABEL_MAX, FONT), [{ class: 'row-label' }, attrs]);
}

/** A soft band behind every other phase row, for the eye to follow a row across. */
export function phaseStripes(phases: readonly PhaseView[], frame: Frame): string[] {
  return phases.flatMap((_, i) =>
    i % 2 === 0
      ? [el('rect', { x: PAD, y: frame.phasesTop + i * ROW_H, width: WIDTH - 2 * PAD, height: ROW_H, fill: '#f7f8fa' })]
      : [],
  );
}

/** The status strip: what the incident was, when; a segment at a time. */
export function* statusStrip(timeline: Timeline, frame: Frame): Generator<string> {
  const { start, end, xOf, when, statusTop } = frame;
  yield rowLabel(statusTop, 'Status');
  const declared = timeline.incident.declaredAt;
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
    yield el(
      'g',
      { 'data-status-segment': segment.status, 'font-size': SMALL, fill: '#1f2937' },
      `${el('title', {}, escapeMarkup(`${name}: ${when(segment.from)}–${when(segment.to)}`))}${el('rect', { x, y: statusTop + (ROW_H - BAR_H) / 2, width, height: BAR_H, fill: STATUS_FILL[segment.status] })}${label}`,
    );
  }
}

/** One row per phase: its bar (dashed while open) with the closed steps ticked on it, and how long it ran. */
export function phaseRows(phases: readonly PhaseView[], frame: Frame): string[] {
  const { start, end, xOf, when, phasesTop } = frame;
  const parts: string[] = [];
  phases.forEach((phase, i) => {
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
  return parts;
}
