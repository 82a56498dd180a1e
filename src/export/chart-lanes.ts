/**
 * @module export/chart-lanes — the lanes the chart's mark labels are drawn in, each label in the lowest lane where it
 * comes near no other, up to a number of lanes. A long incident has thousands of marks: the lowest lane a label may
 * fit in is found in a tree over the lanes, not by trying each lane in turn.
 */

/** Two labels further apart than this do not touch. */
const GAP = 6;

interface Box {
  left: number;
  right: number;
}

/**
 * The labels put so far, by lane. For each lane, the tree keeps where its furthest-right label ends (`right`) and where
 * that label starts (`lastLeft`); each node of the tree, the least `right` and the greatest `lastLeft` of the lanes
 * below it. A label from `left` to `right` fits in a lane whose `right` + GAP is short of `left`; it does not fit in
 * one whose furthest-right label reaches it (`right` + GAP ≥ `left`) and starts before it ends (`lastLeft` ≤ `right`
 * + GAP); any other lane is looked at label by label.
 * @example
 * const lanes = new LabelLanes();
 * lanes.place(10, 50) // 0
 * lanes.place(20, 60) // 1: it would touch the first label
 * lanes.place(70, 90) // 0
 */
export class LabelLanes {
  private readonly boxes: Box[][] = [];
  /** Leaves from `size` on, one per lane; the lanes after the last never match. */
  private size = 1;
  private minRight = new Float64Array([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
  private maxLastLeft = new Float64Array([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]);

  /** @param limit lanes at most (none by default). */
  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  /**
   * Puts a label from `left` to `right` in the lowest lane where it touches no other label (a new lane if none, while
   * there are fewer than the limit); -1 when it fits in no lane and there may be no more.
   */
  place(left: number, right: number): number {
    let from = 0;
    for (;;) {
      const lane = this.candidate(1, 0, this.size, from, left, right);
      if (lane < 0) return this.boxes.length < this.limit ? this.open(left, right) : -1;
      if (this.fits(lane, left, right)) {
        this.put(lane, left, right);
        return lane;
      }
      from = lane + 1;
    }
  }

  /** The lowest lane from `from` on (under `node`, which holds lanes `lo` to `hi`) that the label may fit in, or -1. */
  private candidate(node: number, lo: number, hi: number, from: number, left: number, right: number): number {
    if (hi <= from || !this.mayFit(node, left, right)) return -1;
    if (node >= this.size) return node - this.size;
    const mid = (lo + hi) / 2;
    const found = this.candidate(2 * node, lo, mid, from, left, right);
    return found >= 0 ? found : this.candidate(2 * node + 1, mid, hi, from, left, right);
  }

  private mayFit(node: number, left: number, right: number): boolean {
    return left > (this.minRight[node] as number) + GAP || (this.maxLastLeft[node] as number) > right + GAP;
  }

  /** Whether the label touches no label in `lane`. */
  private fits(lane: number, left: number, right: number): boolean {
    if (left > (this.minRight[this.size + lane] as number) + GAP) return true;
    const boxes = this.boxes[lane] as Box[];
    // Labels come in time order, so a lane's last ones are the nearest: from the end, a touch is found at once.
    for (let i = boxes.length - 1; i >= 0; i -= 1) {
      const box = boxes[i] as Box;
      if (!(right + GAP < box.left || left > box.right + GAP)) return false;
    }
    return true;
  }

  private put(lane: number, left: number, right: number): void {
    (this.boxes[lane] as Box[]).push({ left, right });
    const leaf = this.size + lane;
    if (right > (this.minRight[leaf] as number)) this.set(leaf, right, left);
  }

  /** A new lane above the others, with this label in it. */
  private open(left: number, right: number): number {
    const lane = this.boxes.length;
    if (lane === this.size) this.grow();
    this.boxes.push([]);
    this.set(this.size + lane, Number.NEGATIVE_INFINITY, left);
    this.put(lane, left, right);
    return lane;
  }

  private set(leaf: number, right: number, lastLeft: number): void {
    this.minRight[leaf] = right;
    this.maxLastLeft[leaf] = lastLeft;
    for (let node = leaf >> 1; node >= 1; node >>= 1) this.combine(node);
  }

  private combine(node: number): void {
    this.minRight[node] = Math.min(this.minRight[2 * node] as number, this.minRight[2 * node + 1] as number);
    this.maxLastLeft[node] = Math.max(this.maxLastLeft[2 * node] as number, this.maxLastLeft[2 * node + 1] as number);
  }

  /** Room for twice as many lanes. */
  private grow(): void {
    const size = this.size * 2;
    const minRight = new Float64Array(2 * size).fill(Number.POSITIVE_INFINITY);
    const maxLastLeft = new Float64Array(2 * size).fill(Number.NEGATIVE_INFINITY);
    minRight.set(this.minRight.subarray(this.size, 2 * this.size), size);
    maxLastLeft.set(this.maxLastLeft.subarray(this.size, 2 * this.size), size);
    this.size = size;
    this.minRight = minRight;
    this.maxLastLeft = maxLastLeft;
    for (let node = size - 1; node >= 1; node -= 1) this.combine(node);
  }
}
