/** @module export/chart-labels — how wide the chart's labels are drawn, and where each mark's label goes. */

import { LabelLanes } from './chart-lanes.js';
import { MAX_LABEL_LANES, PAD, SMALL, WIDTH } from './chart-layout.js';

/** How wide one character is drawn, in ems (see textWidth). */
function advance(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (" .,:;'|!iIjlft()[]".includes(char)) return 0.42;
  if ('mwMW%@—…'.includes(char)) return 1.02;
  if (char >= 'A' && char <= 'Z') return 0.8;
  if (code > 0xffff) return 1.3;
  if (code > 0x7f) return 1.05;
  return 0.66;
}

/** advance of each ASCII character, worked out once: most labels are ASCII. */
const ASCII_ADVANCE = Array.from({ length: 0x80 }, (_, code) => advance(String.fromCharCode(code)));

/**
 * A conservative guess at how wide `text` is drawn, in user units: per-character advances of DejaVu Sans (the widest
 * of the usual fallbacks), so a label that fits here fits in any of the fonts the chart asks for.
 */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    em += code < 0x80 ? (ASCII_ADVANCE[code] as number) : advance(char);
  }
  return em * size * (bold ? 1.12 : 1);
}

/** `text`, cut with an ellipsis so that it is at most `max` wide. */
export function ellipsize(text: string, max: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, size, bold) > max) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/**
 * Where a mark's label went: its anchor point and side, the room it takes, and its lane (0 nearest the plot; null
 * when the lanes were full there, and the mark is drawn without its label).
 */
export interface Placed {
  x: number;
  anchor: 'start' | 'end';
  left: number;
  right: number;
  lane: number | null;
  label: string;
}

/** Puts each mark's label in the lowest of `maxLanes` lanes where it overlaps no other label, and inside the chart. */
export function placeLabels(
  items: { x: number; label: string; bold: boolean }[],
  maxLanes = MAX_LABEL_LANES,
): Placed[] {
  const lanes = new LabelLanes(maxLanes);
  return items.map(({ x, label: raw, bold }) => {
    // What ellipsize does, without measuring a label that fits twice.
    const rawWidth = textWidth(raw, SMALL, bold);
    const label = rawWidth <= WIDTH - 2 * PAD ? raw : ellipsize(raw, WIDTH - 2 * PAD, SMALL, bold);
    const width = label === raw ? rawWidth : textWidth(label, SMALL, bold);
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
    const lane = lanes.place(left, right);
    return { x: anchor === 'start' ? left : right, anchor, left, right, lane: lane < 0 ? null : lane, label };
  });
}
