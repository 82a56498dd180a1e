/** @module export/chart-labels — how wide the chart's labels are drawn, and where each mark's label goes. */

import { PAD, SMALL, WIDTH } from './chart-layout.js';

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
export function ellipsize(text: string, max: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, size, bold) > max) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** Where a mark's label went: its anchor point and side, the room it takes, and its lane (0 nearest the plot). */
export interface Placed {
  x: number;
  anchor: 'start' | 'end';
  left: number;
  right: number;
  lane: number;
  label: string;
}

/** Puts each mark's label in the lowest lane where it overlaps no other label, and inside the chart. */
export function placeLabels(items: { x: number; label: string; bold: boolean }[]): Placed[] {
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
