/** @module export/chart — the incident at a glance: phases as bars over its span, milestones and handoffs marked. */
// Plain inline SVG: the span as the x axis (ticks in the display time zone), the status as a coloured strip, one bar
// per protocol phase, vertical marks for milestones, status changes, accepted handoffs, the suspect deploy and the
// rollbacks; nothing fetched, so it prints and opens offline.
import { formatDuration } from '../incident/durations.js';
import { axis, clock, drawnSpan, gridLines, ticksOf } from './chart-axis.js';
import { placeLabels } from './chart-labels.js';
import {
  DESCRIBED_MARKS,
  FONT,
  FONT_FAMILY,
  type Frame,
  LANE_H,
  PAD,
  PLOT_X0,
  PLOT_X1,
  ROW_H,
  WIDTH,
} from './chart-layout.js';
import { markLines, marksOf } from './chart-marks.js';
import { phaseRows, phaseStripes, phaseSummary, statusStrip } from './chart-rows.js';
import { el, escapeMarkup, num, openTag } from './chart-svg.js';
import { joined } from './chunks.js';
import type { Timeline } from './model.js';

export { chartSpan, drawnSpan } from './chart-axis.js';
export { textWidth } from './chart-labels.js';
export { escapeMarkup } from './chart-svg.js';

/**
 * The chart as one `<svg>` element, sized by its viewBox to the width of its container. Phases carry
 * `data-phase="<id>"` and `data-state="done|open|not-started"` (their bar is `rect.bar`); marks carry
 * `data-mark="milestone|status|handoff|change"` (with `data-milestone`, `data-status`, `data-role`, and
 * `data-change="suspect|rollback-requested|rollback-deployed"`); every text is inside the viewBox. The span starts at
 * the suspect deploy going live when that was before the impact start (drawnSpan).
 *
 * @example
 * renderChart(timeline) // '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 262" width="100%" role="img" …'
 */
export function renderChart(timeline: Timeline): string {
  return joined(renderChartChunks(timeline));
}

/** renderChart's text in pieces: the marks and the status strip's segments one at a time. */
export function* renderChartChunks(timeline: Timeline): Generator<string> {
  const { timeZone, incident } = timeline;
  const { start, end } = drawnSpan(timeline);
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
  let laneCount = 1;
  for (const { lane } of placed) if (lane !== null && lane >= laneCount) laneCount = lane + 1;
  const lanesBottom = PAD + laneCount * LANE_H;
  const statusTop = lanesBottom + 8;
  const phasesTop = statusTop + ROW_H;
  const axisY = phasesTop + Math.max(1, timeline.phases.length) * ROW_H + 6;
  const height = axisY + 44;
  const frame: Frame = { start, end, xOf, when, lanesBottom, statusTop, phasesTop, axisY };

  const heading = `${incident.id}: ${incident.title}`;
  const description = [
    `From ${clock(start, timeZone, 'd MMM HH:mm')} to ${clock(end, timeZone, 'd MMM HH:mm')} (${timeZone}), ${formatDuration(end - start)}${incident.resolvedAt === null ? ', still open' : ''}.`,
    ...timeline.phases.map((phase) => `${phaseSummary(phase, end, when)}.`),
    ...marks
      .slice(0, DESCRIBED_MARKS)
      .map((m) => `${m.kind === 'handoff' ? 'Handoff: ' : ''}${m.label} at ${when(m.at)}.`),
    ...(marks.length > DESCRIBED_MARKS
      ? [`And ${marks.length - DESCRIBED_MARKS} more marks: the timeline lists every event.`]
      : []),
  ].join(' ');
  yield openTag('svg', {
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
  });
  yield `${el('title', { id: 'chart-title' }, escapeMarkup(`Timeline chart of ${heading}`))}${el('desc', { id: 'chart-desc' }, escapeMarkup(description))}`;
  // Grid first: everything else is drawn over it.
  yield* gridLines(ticks, frame);
  yield* phaseStripes(timeline.phases, frame);
  yield* statusStrip(timeline, frame);
  yield* phaseRows(timeline.phases, frame);
  yield* markLines(marks, placed, frame);
  // The axis, in the display time zone.
  yield* axis(ticks, timeZone, frame);
  yield '</svg>';
}
