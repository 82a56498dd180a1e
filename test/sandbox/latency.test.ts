import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatencyModel, logNormalMs, seededRandom } from '../../src/sandbox/latency.js';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function draws(model: LatencyModel, method: string, n: number): number[] {
  return Array.from({ length: n }, () => model.delayMs(method));
}

describe('the latency model', () => {
  it('should answer at once when no latency is set', () => {
    expect(new LatencyModel().delayMs('chat.postMessage')).toBe(0);
  });

  it('should hold every answer the same fixed time when given a number', () => {
    const model = new LatencyModel(150);
    expect([model.delayMs('auth.test'), model.delayMs('conversations.create')]).toEqual([150, 150]);
  });

  it('should hold a method by its own entry, else by default, else not at all', () => {
    const model = new LatencyModel({ 'conversations.create': 400, default: 50 });
    expect(model.delayMs('conversations.create')).toBe(400);
    expect(model.delayMs('chat.update')).toBe(50);
    expect(new LatencyModel({ 'conversations.create': 400 }).delayMs('chat.update')).toBe(0);
    expect(new LatencyModel({ 'conversations.create': 400 }).delayMs('constructor')).toBe(0);
  });

  it('should draw delays whose median and p99 are the ones asked for', () => {
    const sorted = draws(new LatencyModel({ default: { medianMs: 120, p99Ms: 600 } }, 7), 'chat.update', 20_000).sort(
      (a, b) => a - b,
    );
    expect(percentile(sorted, 0.5)).toBeGreaterThan(120 * 0.95);
    expect(percentile(sorted, 0.5)).toBeLessThan(120 * 1.05);
    expect(percentile(sorted, 0.99)).toBeGreaterThan(600 * 0.85);
    expect(percentile(sorted, 0.99)).toBeLessThan(600 * 1.15);
    expect(sorted[0]).toBeGreaterThan(0);
  });

  it('should repeat the same delays for the same seed, and others for another', () => {
    const spec = { default: { medianMs: 120, p99Ms: 600 } };
    const first = draws(new LatencyModel(spec, 42), 'chat.update', 5);
    expect(draws(new LatencyModel(spec, 42), 'chat.update', 5)).toEqual(first);
    expect(draws(new LatencyModel(spec, 43), 'chat.update', 5)).not.toEqual(first);
  });

  it('should give the median exactly when p99 equals it', () => {
    expect(logNormalMs(80, 80, seededRandom(1))).toBe(80);
  });

  it.each([[-1], [Number.NaN], [{ medianMs: 0, p99Ms: 10 }], [{ medianMs: 100, p99Ms: 50 }]])(
    'should refuse the nonsensical latency %j',
    (spec) => {
      expect(() => new LatencyModel({ default: spec })).toThrow(/latency for default/);
    },
  );
});

describe('waiting', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should resolve only once the delay has passed, without holding up a call with none', async () => {
    const model = new LatencyModel({ 'conversations.create': 300 });
    let slowDone = false;
    let fastDone = false;
    const slow = model.wait('conversations.create').then(() => {
      slowDone = true;
    });
    const fast = model.wait('auth.test').then(() => {
      fastDone = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect([fastDone, slowDone]).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(299);
    expect(slowDone).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(slowDone).toBe(true);
    await Promise.all([slow, fast]);
  });
});
