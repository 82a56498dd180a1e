/** @module export/chart-layout — the chart's fixed dimensions, and the frame every part of it is drawn in. */

export const MINUTE = 60_000;
export const WIDTH = 960;
export const PAD = 12;
export const PLOT_X0 = 224;
export const PLOT_X1 = WIDTH - 28;
/** Room for a row's label, left of the plot. */
export const LABEL_MAX = PLOT_X0 - PAD - 14;
export const FONT = 12;
export const SMALL = 11;
export const LANE_H = 17;
/**
 * Lanes of mark labels at most: a mark whose label finds no room in them is drawn without it (its line, and its
 * title on hover). A long incident has thousands of marks; a lane each would make the chart thousands of pixels tall.
 */
export const MAX_LABEL_LANES = 8;
/** Marks the chart's description (read by screen readers) names one by one; it counts the rest. */
export const DESCRIBED_MARKS = 40;
export const ROW_H = 28;
export const BAR_H = 16;
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";

/** Where one chart's parts go: its span, how a moment maps to x and reads as a clock, and the tops of its bands. */
export interface Frame {
  start: number;
  end: number;
  /** The x of a moment, clamped to the span. */
  xOf: (ms: number) => number;
  /** A moment as a clock in the display time zone (with the offset when the clocks change within the span). */
  when: (ms: number) => string;
  /** The bottom of the lanes the mark labels sit in. */
  lanesBottom: number;
  statusTop: number;
  phasesTop: number;
  axisY: number;
}
