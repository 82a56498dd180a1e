/** @module export/chart-axis — the chart's time axis: its span, its ticks in the display time zone, and their lines. */

import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';
import { ellipsize, textWidth } from './chart-labels.js';
import { type Frame, LABEL_MAX, MINUTE, PAD, PLOT_X0, PLOT_X1, SMALL, WIDTH } from './chart-layout.js';
import { el, text } from './chart-svg.js';
import { atMinute, timelineStart } from './format.js';
import type { Timeline } from './model.js';

/**
 * `HH:mm` (or another short pattern, minutes and coarser) in the display time zone: format.ts has no clock short
 * enough for a chart. Worked out once a minute (atMinute): a chart with thousands of marks names few minutes.
 */
export function clock(ms: number, timeZone: string, pattern = 'HH:mm'): string {
  return atMinute(ms, timeZone, pattern);
}

/** What the chart's x axis covers: from the impact start (or the declare) to the resolve (or the export). */
export function chartSpan(timeline: Timeline): { start: number; end: number } {
  const { declaredAt, resolvedAt } = timeline.incident;
  // An impact start set later than the declare would push the declare mark off the axis; the axis holds both.
  const start = Math.min(timelineStart(timeline), declaredAt);
  return { start, end: Math.max(resolvedAt ?? timeline.generatedAt, start + MINUTE) };
}

/** How much earlier than the incident's span the chart starts, at most, to show the suspect going live. */
const SUSPECT_REACH = 24 * 60 * MINUTE;

/**
 * What the chart draws: the incident's span (chartSpan), from earlier when the suspect deploy went live before it
 * (up to a day before: one that went live earlier is left off the chart rather than crushing the incident into a
 * sliver of it), so that the suspect is drawn where it went live.
 */
export function drawnSpan(timeline: Timeline): { start: number; end: number } {
  const span = chartSpan(timeline);
  const live = timeline.change?.suspects.at(-1)?.deploy.at;
  if (live === undefined || live >= span.start || span.start - live > SUSPECT_REACH) return span;
  return { start: live, end: span.end };
}

/** A round time on the axis, and what is written under it. */
export interface Tick {
  at: number;
  label: string;
  /** A second line: the date, the UTC offset, or both, where they change. */
  note: string | null;
}

const TICK_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720];

/** Round times in the display time zone, at most about eight of them across the span. */
export function ticksOf(start: number, end: number, timeZone: string): Tick[] {
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

/** A faint vertical line up from each tick, for the rest of the chart to be drawn over. */
export function gridLines(ticks: readonly Tick[], frame: Frame): string[] {
  return ticks.map((tick) => {
    const x = frame.xOf(tick.at);
    return el('line', {
      x1: x,
      x2: x,
      y1: frame.statusTop,
      y2: frame.axisY,
      stroke: '#e5e7eb',
      'data-tick': tick.label,
    });
  });
}

/** The axis line, its ticks with their labels (and notes), and the time zone they are in. */
export function axis(ticks: readonly Tick[], timeZone: string, frame: Frame): string[] {
  const { axisY } = frame;
  const parts = [el('line', { class: 'axis', x1: PLOT_X0, x2: PLOT_X1, y1: axisY, y2: axisY, stroke: '#6b7280' })];
  for (const tick of ticks) {
    const x = frame.xOf(tick.at);
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
  return parts;
}
