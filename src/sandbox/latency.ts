/**
 * @module sandbox/latency
 * How slowly the emulated Web API answers: off by default; a fixed delay, or per method a log-normal
 * fitted to a median and a p99, drawn from a seedable random source so that a run can be repeated.
 *
 * The knob (tests, the bench and drills; the product never imports src/sandbox):
 * - `SlackEmulator.start({ ..., latency: 150 })`: every Web API answer 150 ms late.
 * - `latency: { default: { medianMs: 120, p99Ms: 600 }, 'conversations.create': { medianMs: 400, p99Ms: 2000 } }`:
 *   per method, `default` for the others (no `default`: the others answer at once); a number is fixed ms.
 * - `latencySeed: 42` makes the draws repeatable (otherwise Math.random).
 * - `emulator.setLatency(latency, seed?)` changes it at run time; `setLatency(undefined)` turns it off.
 *
 * The call takes effect, is recorded and sends its events when it arrives; only the answer waits, on a
 * timer, so other calls are served meanwhile (a slow answer, as from Slack, not a slow queue). That is
 * also what a client that times out meets on Slack: the call may have happened anyway.
 */

/** A fixed number of milliseconds, or a log-normal through `medianMs` (p50) and `p99Ms`. */
export type LatencySpec = number | { medianMs: number; p99Ms: number };

/** Per Web API method; `default` for methods not named. */
export type LatencyTable = Record<string, LatencySpec>;

export type Latency = number | LatencyTable;

/** z of the standard normal's 99th percentile. */
const Z_P99 = 2.3263478740408408;

/** A seeded uniform random source on [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One draw of a log-normal whose median is `medianMs` and 99th percentile `p99Ms`:
 * exp(μ + σ·z) with μ = ln(median), σ = ln(p99 / median) / z₀.₉₉ and z standard normal (Box–Muller).
 * @example
 * logNormalMs(120, 600, seededRandom(1)); // about 120 half of the time, above 600 one time in a hundred
 */
export function logNormalMs(medianMs: number, p99Ms: number, random: () => number): number {
  const sigma = Math.log(p99Ms / medianMs) / Z_P99;
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return medianMs * Math.exp(sigma * z);
}

function check(method: string, spec: LatencySpec): void {
  const valid =
    typeof spec === 'number'
      ? Number.isFinite(spec) && spec >= 0
      : spec.medianMs > 0 && Number.isFinite(spec.p99Ms) && spec.p99Ms >= spec.medianMs;
  if (!valid)
    throw new Error(`latency for ${method}: want ms ≥ 0, or 0 < medianMs ≤ p99Ms; got ${JSON.stringify(spec)}`);
}

/**
 * Draws the delay of each Web API answer.
 * @example
 * const latency = new LatencyModel({ default: { medianMs: 120, p99Ms: 600 } }, 42);
 * await latency.wait('chat.postMessage');
 */
export class LatencyModel {
  private readonly table: ReadonlyMap<string, LatencySpec>;
  private readonly random: () => number;

  constructor(latency?: Latency, seed?: number) {
    this.table = new Map(Object.entries(typeof latency === 'number' ? { default: latency } : (latency ?? {})));
    for (const [method, spec] of this.table) check(method, spec);
    this.random = seed === undefined ? Math.random : seededRandom(seed);
  }

  /** Milliseconds to hold the answer to a call of `method`. */
  delayMs(method: string): number {
    const spec = this.table.get(method) ?? this.table.get('default');
    if (spec === undefined) return 0;
    if (typeof spec === 'number') return spec;
    return logNormalMs(spec.medianMs, spec.p99Ms, this.random);
  }

  /** Resolves after the delay drawn for `method` (at once when there is none). */
  wait(method: string): Promise<void> {
    const ms = this.delayMs(method);
    return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
  }
}
