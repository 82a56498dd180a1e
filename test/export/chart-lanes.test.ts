/**
 * @module test/export/chart-lanes — the lanes of the chart's mark labels: each label in the lowest lane where it
 * touches no other, exactly as trying every lane in turn would put it, however many marks there are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelLanes } from '../../src/export/chart-lanes.js';

/** The lanes found by trying each lane, label by label (-1 for a label no lane takes): what LabelLanes must give. */
function lanesOneByOne(labels: readonly { left: number; right: number }[], limit = Number.POSITIVE_INFINITY): number[] {
  const lanes: { left: number; right: number }[][] = [];
  return labels.map(({ left, right }) => {
    let lane = lanes.findIndex((taken) => taken.every((box) => right + 6 < box.left || left > box.right + 6));
    if (lane < 0 && lanes.length >= limit) return -1;
    if (lane < 0) lane = lanes.push([]) - 1;
    lanes[lane]?.push({ left, right });
    return lane;
  });
}

const label = fc
  .tuple(fc.double({ min: 0, max: 960, noNaN: true }), fc.double({ min: 1, max: 300, noNaN: true }))
  .map(([left, width]) => ({ left, right: left + width }));

describe('the lanes of the chart’s labels', () => {
  it('should put every label where trying each lane in turn would, in time order or not', () => {
    fc.assert(
      fc.property(fc.array(label, { maxLength: 300 }), fc.boolean(), (labels, inOrder) => {
        const given = inOrder ? [...labels].sort((a, b) => a.left - b.left) : labels;
        const lanes = new LabelLanes();
        expect(given.map(({ left, right }) => lanes.place(left, right))).toEqual(lanesOneByOne(given));
      }),
      { numRuns: 500 },
    );
  });

  it('should open no lane past its limit, and put a label that fits in none in no lane', () => {
    fc.assert(
      fc.property(fc.array(label, { maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (labels, limit) => {
        const lanes = new LabelLanes(limit);
        const placed = labels.map(({ left, right }) => lanes.place(left, right));
        expect(placed).toEqual(lanesOneByOne(labels, limit));
        expect(Math.max(-1, ...placed)).toBeLessThan(limit);
      }),
      { numRuns: 300 },
    );
  });

  it('should keep thousands of crowded labels apart as one by one would, lane after lane', () => {
    const labels = Array.from({ length: 5000 }, (_, i) => {
      const x = 20 + (i / 5000) * 900;
      // Near the right edge a label is drawn to the left of its mark, as the chart does.
      const left = x + 110 > 950 ? x - 114 : x + 4;
      return { left, right: left + 60 + (i % 7) * 9 };
    });
    const lanes = new LabelLanes();
    const placed = labels.map(({ left, right }) => lanes.place(left, right));
    expect(placed).toEqual(lanesOneByOne(labels));
    expect(Math.max(...placed)).toBeGreaterThan(100);
  });
});
