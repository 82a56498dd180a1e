import { describe, expect, it } from 'vitest';
import { buildBrief } from '../../src/incident/brief.js';
import { type EventBody, type RecordedEvent, recordedEventSchema } from '../../src/incident/events.js';
import { EMPTY_RULES } from '../../src/incident/rules.js';
import { replay } from '../../src/incident/state.js';

const T0 = Date.UTC(2026, 10, 28, 3, 12);
const min = (n: number) => T0 + n * 60_000;

/** A log as Redis would hold it, from (minute, actor, body) triples. */
function log(entries: [number, string, EventBody][]): RecordedEvent[] {
  return entries.map(([minute, actor, body], i) =>
    recordedEventSchema.parse({
      incidentId: 'INC-42',
      seq: i + 1,
      key: `k${i}`,
      actor,
      at: min(minute),
      recordedAt: min(minute) + 5,
      ...body,
    }),
  ) as RecordedEvent[];
}

const events = log([
  [
    0,
    'U0DANA',
    { type: 'IncidentDeclared', v: 1, data: { title: 'Checkout payments failing', severity: 'sev1', private: false } },
  ],
  [1, 'U0RAJ', { type: 'RoleAssigned', v: 1, data: { role: 'ops', user: 'U0RAJ' } }],
  [2, 'U0DANA', { type: 'RoleAssigned', v: 1, data: { role: 'comms', user: 'U0SAM' } }],
  [9, 'U0RAJ', { type: 'StatusChanged', v: 1, data: { from: 'investigating', to: 'identified' } }],
  [10, 'U0RAJ', { type: 'NoteAdded', v: 1, data: { text: 'suspect 2026.11.28-3 (4f2a1c)' } }],
  [12, 'U0RAJ', { type: 'NoteAdded', v: 1, data: { text: 'deploys frozen' } }],
  [14, 'U0RAJ', { type: 'StatusChanged', v: 1, data: { from: 'identified', to: 'mitigating' } }],
  [20, 'U0SAM', { type: 'UpdatePosted', v: 1, data: { text: 'Rolling back payments-api' } }],
  [30, 'U0RAJ', { type: 'NoteAdded', v: 1, data: { text: 'rollback deployed' } }],
  [37, 'U0RAJ', { type: 'StatusChanged', v: 1, data: { from: 'mitigating', to: 'monitoring' } }],
  [40, 'U0SAM', { type: 'UpdatePosted', v: 1, data: { text: 'Error rate back to baseline, watching for 30 min' } }],
  [41, 'U0DANA', { type: 'NoteAdded', v: 1, data: { text: 'keep freeze until 05:00' } }],
  [
    53,
    'U0DANA',
    {
      type: 'HandoffOffered',
      v: 1,
      data: { offerId: 'commander-1', role: 'commander', from: 'U0DANA', to: 'U0LEE', expiresAt: min(63) },
    },
  ],
]);

describe('buildBrief', () => {
  const state = replay(events);
  if (!state) throw new Error('no state');
  const brief = buildBrief(state, events, EMPTY_RULES, min(53));

  it('should say where the incident stands: severity, status and how long it has run', () => {
    expect(brief).toMatchObject({ id: 'INC-42', severity: 'SEV1', status: 'Monitoring', elapsedMs: 53 * 60_000 });
  });

  it('should list the milestones in order, with their times', () => {
    expect(brief.done.map((d) => [d.at, d.text])).toEqual([
      [min(9), 'status Identified'],
      [min(14), 'status Mitigating'],
      [min(37), 'status Monitoring'],
    ]);
  });

  it('should say what is still open: the empty role', () => {
    expect(brief.open).toEqual([{ text: 'Scribe is not seated' }]);
  });

  it('should count the offer not yet accepted among what is due, with when it lapses', () => {
    expect(brief.timers).toEqual([
      {
        at: min(63),
        kind: 'offer',
        text: 'Commander offer lapses unless accepted by',
        user: 'U0LEE',
        offerId: 'commander-1',
      },
    ]);
  });

  it('should carry the last update and the last three notes', () => {
    expect(brief.lastUpdate).toEqual({
      at: min(40),
      text: 'Error rate back to baseline, watching for 30 min',
      by: 'U0SAM',
      audience: 'internal',
    });
    expect(brief.notes.map((n) => n.text)).toEqual(['deploys frozen', 'rollback deployed', 'keep freeze until 05:00']);
  });

  it('should show who holds each role, the commander still Dana until Lee accepts', () => {
    expect(brief.roles.map((r) => [r.role, r.user])).toEqual([
      ['commander', 'U0DANA'],
      ['comms', 'U0SAM'],
      ['ops', 'U0RAJ'],
      ['scribe', undefined],
    ]);
  });
});
