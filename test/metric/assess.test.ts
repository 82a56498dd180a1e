/** @module test/metric/assess — what a look at the key metric means, on the walkthrough's night, minute by minute. */
import { describe, expect, it } from 'vitest';
import type { KeyMetric } from '../../src/catalog/schema.js';
import { type EventBody, type RecordedEvent, recordedEventSchema } from '../../src/incident/events.js';
import { type IncidentState, replay } from '../../src/incident/state.js';
import { assess, graphLink, windowFor } from '../../src/metric/assess.js';
import { formatMetric } from '../../src/metric/format.js';
import { breachStartedAt, median, onGrid, type Point, settledRecovery, sparkline } from '../../src/metric/series.js';
import { isHealthy, parseThreshold } from '../../src/metric/threshold.js';

const T0 = Date.UTC(2026, 10, 28, 3, 12); // the declare, 03:12
const min = (n: number) => T0 + n * 60_000;
const METRIC: KeyMetric = {
  query: 'checkout_error_ratio',
  healthy: { op: '<', value: 0.01 },
  healthyText: '< 0.01',
  label: 'checkout error rate',
  unit: '%',
  settleMs: 5 * 60_000,
  graph: undefined,
};

function log(entries: [number, EventBody][]): RecordedEvent[] {
  return entries.map(([minute, body], i) =>
    recordedEventSchema.parse({
      incidentId: 'INC-42',
      seq: i + 1,
      key: `k${i}`,
      actor: 'U0DANA',
      at: min(minute),
      recordedAt: min(minute),
      ...body,
    }),
  ) as RecordedEvent[];
}

const DECLARED: [number, EventBody] = [
  0,
  {
    type: 'IncidentDeclared',
    v: 1,
    data: { title: 'Checkout failing', severity: 'sev1', private: false, service: 'payments-api' },
  },
];

function state(more: [number, EventBody][] = []): IncidentState {
  return replay(log([DECLARED, ...more])) as IncidentState;
}

/** 0.3% until 03:06, 4.1% until 03:41, 0.2% after: one point a minute from 02:00. */
const night = (until: number): Point[] =>
  Array.from({ length: (until - min(-72)) / 60_000 + 1 }, (_, i) => {
    const at = min(-72) + i * 60_000;
    return [at, at < min(-6) ? 0.003 : at < min(29) ? 0.041 : 0.002] as const;
  });

const rollbackDeployed = (minute: number): [number, EventBody][] => [
  [
    minute - 3,
    {
      type: 'RollbackRequested',
      v: 1,
      data: {
        rollbackId: 'rb-1',
        service: 'payments-api',
        environment: 'production',
        current: '2026.11.28-3',
        target: { version: '2026.11.28-2', deployId: 'gh-2' },
        driver: 'github_workflow',
        plan: 'workflow rollback.yml',
      },
    },
  ],
  [
    minute,
    {
      type: 'RollbackDeployed',
      v: 1,
      data: {
        rollbackId: 'rb-1',
        deploy: {
          deployId: 'gh-4',
          service: 'payments-api',
          environment: 'production',
          version: '2026.11.28-2',
          at: min(minute),
          source: 'github',
        },
      },
    },
  ],
];

describe('thresholds and values', () => {
  it('should read the comparisons the catalog writes and refuse anything else', () => {
    expect(parseThreshold('< 0.01')).toEqual({ op: '<', value: 0.01 });
    expect(parseThreshold('>=0.995')).toEqual({ op: '>=', value: 0.995 });
    expect(parseThreshold('below 1%')).toBeUndefined();
    expect(parseThreshold('< 1%')).toBeUndefined();
    expect(isHealthy({ op: '<=', value: 250 }, 250)).toBe(true);
    expect(isHealthy({ op: '<', value: 0.01 }, Number.NaN)).toBe(false);
  });

  it('should show a ratio with unit % as a percentage and other units after the number', () => {
    expect(formatMetric(0.041, '%')).toBe('4.1%');
    expect(formatMetric(0.00312, '%')).toBe('0.312%');
    expect(formatMetric(231.44, 'ms')).toBe('231 ms');
    expect(formatMetric(12_345, undefined)).toBe('12,345');
  });
});

describe('reading a series', () => {
  const points = night(min(40));

  it('should take the median as the baseline and find where the breach that is still going on began', () => {
    expect(median(points.filter(([at]) => at < min(-6)))).toBe(0.003);
    expect(breachStartedAt(points, METRIC.healthy, T0)).toBe(min(-6));
    expect(breachStartedAt(points, METRIC.healthy, min(-10))).toBeUndefined();
  });

  it('should count a recovery only once it has held for the settle time, from its first healthy minute', () => {
    expect(settledRecovery(night(min(33)), METRIC.healthy, 5 * 60_000)).toBeUndefined();
    expect(settledRecovery(night(min(34)), METRIC.healthy, 5 * 60_000)).toEqual({ at: min(29), value: 0.002 });
    // A gap resets the run: a missing scrape is not a healthy minute.
    const gapped = night(min(40)).map(([at, v]) => [at, at === min(31) ? Number.NaN : v] as const);
    expect(settledRecovery(gapped, METRIC.healthy, 5 * 60_000)).toEqual({ at: min(32), value: 0.002 });
  });

  it('should draw a sparkline from the lowest to the highest value, a gap as a space', () => {
    expect(
      sparkline([
        [0, 1],
        [1, 2],
        [2, Number.NaN],
        [3, 8],
      ]),
    ).toBe('▁▂ █');
    expect(
      sparkline([
        [0, 5],
        [1, 5],
      ]),
    ).toBe('▁▁');
  });

  it('should put samples on a regular grid with gaps where none came', () => {
    expect(
      onGrid(
        [
          { at: 0, value: 1 },
          { at: 120_000, value: 3 },
        ],
        0,
        180_000,
        60_000,
      ),
    ).toEqual([
      [0, 1],
      [60_000, Number.NaN],
      [120_000, 3],
      [180_000, Number.NaN],
    ]);
  });
});

describe('what a poll means for the incident', () => {
  it('should record the baseline of the hour before the impact start, and offer the earlier start the metric shows', () => {
    const seen = assess(state(), 'payments-api', METRIC, night(min(2)), min(2));
    expect(seen).toMatchObject({ value: 0.041, healthy: false, breachStart: min(-6), recovery: undefined });
    expect(seen.baseline).toEqual({ value: 0.003, from: min(-60), to: T0 });
    const backdated = state([[3, { type: 'ImpactStarted', v: 1, data: { startedAt: min(-6) } }]]);
    const after = assess(backdated, 'payments-api', METRIC, night(min(4)), min(4));
    expect(after.breachStart).toBeUndefined();
    expect(after.baseline).toEqual({ value: 0.003, from: min(-66), to: min(-6) });
  });

  it('should not look for recovery before a rollback has deployed or the incident is mitigating', () => {
    expect(assess(state(), 'payments-api', METRIC, night(min(40)), min(40)).recovery).toBeUndefined();
    const deployed = state(rollbackDeployed(12));
    expect(assess(deployed, 'payments-api', METRIC, night(min(40)), min(40)).recovery).toEqual({
      at: min(29),
      value: 0.002,
    });
  });

  it('should tell the commander once a rollback deployed ten minutes ago has not brought the metric back', () => {
    const deployed = state(rollbackDeployed(12));
    expect(assess(deployed, 'payments-api', METRIC, night(min(21)), min(21)).rollbackNoEffect).toBeUndefined();
    expect(assess(deployed, 'payments-api', METRIC, night(min(22)), min(22)).rollbackNoEffect).toEqual({
      rollbackId: 'rb-1',
      deployedAt: min(12),
    });
    // Healthy again (if not settled yet): nothing to say.
    expect(assess(deployed, 'payments-api', METRIC, night(min(30)), min(30)).rollbackNoEffect).toBeUndefined();
  });

  it('should read from an hour before the impact to now, and fill in the graph link', () => {
    expect(windowFor(state(), min(10), 60_000)).toEqual({ from: min(-60), until: min(10) });
    expect(graphLink('https://g/d?from={{from}}&to={{to}}&s={{service}}', 'payments api', 1, 2)).toBe(
      'https://g/d?from=1&to=2&s=payments%20api',
    );
  });
});
