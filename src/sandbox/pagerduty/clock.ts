/**
 * @module sandbox/pagerduty/clock
 * The emulated account's clock: on-call shifts, incident times, rate-limit windows and webhook
 * `occurred_at` all read it, so a test can cross a shift boundary by advancing it (or inject its own
 * `now`). Advancing moves the emulated time only; waits between webhook retries stay real.
 */

export class PagerDutyClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Makes `now()` read `at` from here on (then moving with the base clock). */
  set(at: Date | number | string): void {
    const target = typeof at === 'number' ? at : new Date(at).getTime();
    if (Number.isNaN(target)) throw new Error(`not a time: ${String(at)}`);
    this.offsetMs = target - this.base();
  }
}
