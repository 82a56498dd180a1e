/**
 * @module test/incident/flat-union — the flat event check gives what the schema it is built from gives, before and
 * after it is compiled: the same events back (keys in the same order), the same issues for what it refuses.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RecordedEvent, recordedEventSchema } from '../../src/incident/events.js';
import { flatUnion } from '../../src/incident/flat-union.js';
import { CHANGED_INCIDENT, COMMS_INCIDENT, HOSTILE_DEPLOY_INCIDENT, SEEDED_INCIDENT } from '../export/fixtures.js';

const RECORDED = [...SEEDED_INCIDENT, ...CHANGED_INCIDENT, ...HOSTILE_DEPLOY_INCIDENT, ...COMMS_INCIDENT];

/** Each recorded event with something wrong with it, and with a key no schema knows (dropped, not refused). */
function variants(event: RecordedEvent): unknown[] {
  const data = event.data as Record<string, unknown>;
  return [
    { ...event, extra: 'dropped' },
    { ...event, seq: 0 },
    { ...event, actor: 'dana' },
    { ...event, at: 12 },
    { ...event, at: '2026-10-24' },
    { ...event, type: 'IncidentExploded' },
    { ...event, v: 2 },
    { ...event, data: { ...data, colour: 'red' } },
    { ...event, data: Object.fromEntries(Object.keys(data).map((key) => [key, { nested: true }])) },
    { ...event, data: null },
    { ...event, key: undefined },
  ];
}

describe('the flat check of recorded events, run and compiled', () => {
  const runtime = flatUnion<RecordedEvent>(recordedEventSchema, Number.POSITIVE_INFINITY);
  const compiled = flatUnion<RecordedEvent>(recordedEventSchema, 0);
  const inputs = RECORDED.flatMap((event) => [JSON.parse(JSON.stringify(event)), ...variants(event)]);

  it('should give recordedEventSchema’s answer for every event, good or broken, compiled or not', () => {
    let refused = 0;
    for (const input of inputs) {
      const expected = recordedEventSchema.safeParse(input);
      for (const check of [runtime, compiled]) {
        const got = check.safeParse(input);
        expect(got.success).toBe(expected.success);
        if (expected.success) {
          expect(got.data).toEqual(expected.data);
          expect(Object.keys(got.data as object)).toEqual(Object.keys(expected.data));
        }
      }
      const [run, comp] = [runtime.safeParse(input), compiled.safeParse(input)];
      if (!run.success) {
        refused += 1;
        expect(comp.error?.issues).toEqual(run.error.issues);
        expect(() => compiled.parse(input)).toThrow(run.error.message);
      }
    }
    // Every variant but the one with an unknown key is refused (and the nested data of an event whose data is empty).
    expect(refused).toBeGreaterThan(RECORDED.length * 9);
  });

  it('should compile after as many checks as it is told, and answer the same on both sides of it', () => {
    const tiered = flatUnion<RecordedEvent>(recordedEventSchema, 5);
    const answers = inputs.slice(0, 30).map((input) => tiered.safeParse(input));
    expect(answers.map((a) => a.success)).toEqual(inputs.slice(0, 30).map((i) => runtime.safeParse(i).success));
    expect(answers.map((a) => a.data ?? a.error?.issues)).toEqual(
      inputs.slice(0, 30).map((i) => {
        const r = runtime.safeParse(i);
        return r.data ?? r.error?.issues;
      }),
    );
  });
  it('should compile at once when a reader asks (compileNow), and answer as before', () => {
    const asked = flatUnion<RecordedEvent>(recordedEventSchema, Number.POSITIVE_INFINITY);
    const before = inputs.map((input) => asked.safeParse(input));
    asked.compileNow();
    asked.compileNow();
    const after = inputs.map((input) => asked.safeParse(input));
    expect(after.map((a) => a.success)).toEqual(before.map((b) => b.success));
    expect(after.map((a) => a.data ?? a.error?.issues)).toEqual(before.map((b) => b.data ?? b.error?.issues));
    const broken = inputs[before.findIndex((b) => !b.success)];
    expect(() => asked.parse(broken)).toThrow(z.ZodError);
  });
});
