import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventOf, type EventType, type RecordedEvent, recordedEventSchema } from '../../src/incident/events.js';
import { evolve, folder, type IncidentState, isOpen, replay } from '../../src/incident/state.js';
import { CHANGED_INCIDENT, COMMS_INCIDENT, HOSTILE_DEPLOY_INCIDENT, SEEDED_INCIDENT } from '../export/fixtures.js';

// Events built by hand, as they sit in the log: seq in order, `at` when the responder acted, `recordedAt` a
// little later (Redis's clock).
const ID = 'INC-7';
const DANA = 'U0DANA';
const RAJ = 'U0RAJ';
const T0 = Date.UTC(2026, 10, 29, 2, 0);
const MINUTE = 60_000;
const MSG = '1764381720.000100';

function recorded<T extends EventType>(
  seq: number,
  type: T,
  data: EventOf<T>['data'],
  minutes: number,
  actor = DANA,
): RecordedEvent {
  const at = T0 + minutes * MINUTE;
  return { incidentId: ID, seq, key: `req-${seq}`, actor, at, recordedAt: at + 7, type, v: 1, data } as RecordedEvent;
}

const declared = recorded(
  1,
  'IncidentDeclared',
  { title: 'Checkout payments failing', severity: 'sev2', summary: 'Card payments time out', private: false },
  0,
);

/** A realistic incident: declared, set up by warroom, worked, resolved, then reopened. */
const lifecycle: RecordedEvent[] = [
  declared,
  recorded(2, 'ChannelCreated', { channelId: 'C0INC7', name: 'inc-20261129-checkout-payments-failing' }, 0, 'warroom'),
  recorded(3, 'BoardPosted', { ts: '1764381601.000200' }, 0, 'warroom'),
  recorded(4, 'AnnouncementPosted', { channelId: 'C0INCIDENTS', ts: '1764381601.000300' }, 0, 'warroom'),
  recorded(5, 'SeverityChanged', { from: 'sev2', to: 'sev1' }, 4, RAJ),
  recorded(6, 'StatusChanged', { from: 'investigating', to: 'identified' }, 9, RAJ),
  recorded(7, 'UpdatePosted', { text: 'Deploy 4812 broke the card gateway; rolling back' }, 10, RAJ),
  recorded(8, 'StatusChanged', { from: 'identified', to: 'mitigating' }, 12),
  recorded(9, 'NoteAdded', { text: 'Rollback at 02:13' }, 13),
  recorded(10, 'StatusChanged', { from: 'mitigating', to: 'monitoring' }, 20),
  recorded(11, 'IncidentResolved', { summary: 'Rolled back deploy 4812' }, 53),
  recorded(12, 'IncidentReopened', { reason: 'Errors are back' }, 70, RAJ),
];

const upTo = (seq: number): IncidentState => replay(lifecycle.slice(0, seq)) as IncidentState;

describe('the recorded events', () => {
  it.each(lifecycle.map((event) => [event.type, event] as const))(
    'should be accepted by the log schema: %s',
    (_t, event) => {
      expect(recordedEventSchema.parse(event)).toEqual(event);
    },
  );

  it('should be rejected by the log schema when the data has a field it does not know', () => {
    const event = { ...recorded(2, 'BoardPosted', { ts: '1764381601.000200' }, 0), data: { ts: '1.2', extra: 1 } };
    expect(recordedEventSchema.safeParse(event).success).toBe(false);
  });
});

describe('folding an incident', () => {
  it('should start investigating, with the declarer as commander', () => {
    expect(upTo(1)).toMatchObject({
      id: ID,
      title: 'Checkout payments failing',
      severity: 'sev2',
      status: 'investigating',
      summary: 'Card payments time out',
      private: false,
      declaredBy: DANA,
      declaredAt: T0,
      roles: { commander: DANA },
      statusSince: T0,
      pins: {},
      version: 1,
    });
    expect(upTo(1)).toMatchObject({
      service: undefined,
      declaredIn: undefined,
      channel: undefined,
      boardTs: undefined,
      announcement: undefined,
      lastUpdate: undefined,
      resolvedAt: undefined,
      resolution: undefined,
    });
    expect(Object.keys(upTo(1).roles)).toEqual(['commander']);
  });

  it('should remember the channel, board and announcement warroom set up', () => {
    expect(upTo(4)).toMatchObject({
      channel: { id: 'C0INC7', name: 'inc-20261129-checkout-payments-failing' },
      boardTs: '1764381601.000200',
      announcement: { channelId: 'C0INCIDENTS', ts: '1764381601.000300' },
      version: 4,
    });
  });

  it('should move statusSince with the status, but not with the severity', () => {
    expect(upTo(5)).toMatchObject({ severity: 'sev1', status: 'investigating', statusSince: T0 });
    expect(upTo(6)).toMatchObject({ status: 'identified', statusSince: T0 + 9 * MINUTE });
    expect(upTo(10)).toMatchObject({ status: 'monitoring', statusSince: T0 + 20 * MINUTE });
  });

  it('should keep the last update, who posted it and when, through later events', () => {
    expect(upTo(9).lastUpdate).toEqual({
      text: 'Deploy 4812 broke the card gateway; rolling back',
      at: T0 + 10 * MINUTE,
      by: RAJ,
      audience: 'internal',
      nextUpdateBy: undefined,
    });
  });

  it('should be resolved at the time of the resolve, with its resolution', () => {
    const state = upTo(11);
    expect(state).toMatchObject({
      status: 'resolved',
      statusSince: T0 + 53 * MINUTE,
      resolvedAt: T0 + 53 * MINUTE,
      resolution: 'Rolled back deploy 4812',
      version: 11,
    });
    expect(isOpen(state)).toBe(false);
  });

  it('should investigate again after a reopen, with resolvedAt cleared', () => {
    const state = upTo(12);
    expect(state).toMatchObject({
      status: 'investigating',
      statusSince: T0 + 70 * MINUTE,
      resolvedAt: undefined,
      severity: 'sev1',
      version: 12,
    });
    expect(isOpen(state)).toBe(true);
  });

  it('should have the seq of the last event as its version', () => {
    expect(replay(lifecycle)?.version).toBe(12);
  });

  it('should fold the same whether replayed at once or continued from a snapshot', () => {
    const snapshot = replay(lifecycle.slice(0, 6));
    expect(replay(lifecycle.slice(6), snapshot)).toEqual(replay(lifecycle));
  });

  it('should be no incident at all for an empty log', () => {
    expect(replay([])).toBeUndefined();
  });

  it('should refuse an event that comes before the incident was declared', () => {
    const early = recorded(1, 'StatusChanged', { from: 'investigating', to: 'identified' }, 0);
    expect(() => evolve(undefined, early)).toThrow('event StatusChanged #1 before the incident was declared');
    expect(() => replay([early, declared])).toThrow(/before the incident was declared/);
  });

  it('should leave the previous state untouched', () => {
    const before = upTo(10);
    const copy = structuredClone(before);
    evolve(before, lifecycle[10] as RecordedEvent);
    expect(before).toEqual(copy);
  });
});

describe('the timeline of pinned messages', () => {
  const pinned = (seq: number, via: 'pin' | 'reaction', text = 'Rolled back deploy 4812') =>
    recorded(seq, 'MessagePinned', { channelId: 'C0INC7', ts: MSG, author: RAJ, text, via }, seq);
  const unpinned = (seq: number, via: 'pin' | 'reaction' | 'deleted') =>
    recorded(seq, 'MessageUnpinned', { ts: MSG, via }, seq);
  const pinsAfter = (...events: RecordedEvent[]) => (replay([declared, ...events]) as IncidentState).pins;

  it('should hold a message pinned both ways once, with both sources', () => {
    expect(pinsAfter(pinned(2, 'pin'), pinned(3, 'reaction'))).toEqual({
      [MSG]: { channelId: 'C0INC7', ts: MSG, author: RAJ, text: 'Rolled back deploy 4812', via: ['pin', 'reaction'] },
    });
  });

  it.each([
    ['pin', 'reaction'],
    ['reaction', 'pin'],
  ] as const)('should keep the message when its %s is removed but its %s stays', (removed, kept) => {
    expect(pinsAfter(pinned(2, 'pin'), pinned(3, 'reaction'), unpinned(4, removed))[MSG]?.via).toEqual([kept]);
  });

  it('should drop the message once both sources are removed', () => {
    expect(pinsAfter(pinned(2, 'pin'), pinned(3, 'reaction'), unpinned(4, 'pin'), unpinned(5, 'reaction'))).toEqual({});
  });

  it('should drop the message at once when it is deleted, however it was pinned', () => {
    expect(pinsAfter(pinned(2, 'pin'), pinned(3, 'reaction'), unpinned(4, 'deleted'))).toEqual({});
  });

  it('should show the edited text of a pinned message', () => {
    const edited = recorded(3, 'PinnedMessageEdited', { ts: MSG, text: 'Rolled back deploys 4812, 4813' }, 3);
    expect(pinsAfter(pinned(2, 'pin'), edited)[MSG]?.text).toBe('Rolled back deploys 4812, 4813');
  });

  it('should ignore an edit or unpin of a message that is not on the timeline', () => {
    const edited = recorded(2, 'PinnedMessageEdited', { ts: MSG, text: 'Something else' }, 2);
    expect(pinsAfter(edited, unpinned(3, 'pin'))).toEqual({});
  });
});

describe('folding many pins', () => {
  const pinEvent = fc.record({
    kind: fc.constantFrom('pin', 'edit', 'unpin'),
    message: fc.integer({ min: 0, max: 5 }),
    via: fc.constantFrom('pin', 'reaction', 'deleted'),
    text: fc.string({ maxLength: 12 }),
  });

  function pinLog(ops: { kind: string; message: number; via: string; text: string }[]): RecordedEvent[] {
    return ops.map((op, i) => {
      const ts = `1764381720.00010${op.message}`;
      const seq = i + 2;
      if (op.kind === 'pin') {
        const via = op.via === 'deleted' ? 'pin' : (op.via as 'pin' | 'reaction');
        return recorded(seq, 'MessagePinned', { channelId: 'C0INC7', ts, author: RAJ, text: op.text, via }, i);
      }
      if (op.kind === 'edit') return recorded(seq, 'PinnedMessageEdited', { ts, text: op.text }, i);
      return recorded(seq, 'MessageUnpinned', { ts, via: op.via as 'pin' | 'reaction' | 'deleted' }, i);
    });
  }

  it('should pin, edit and unpin exactly as one event at a time would, and leave the state it started from alone', () => {
    fc.assert(
      fc.property(fc.array(pinEvent, { maxLength: 40 }), fc.array(pinEvent, { maxLength: 40 }), (first, second) => {
        const log = [declared, ...pinLog([...first, ...second])];
        const oneByOne = log.reduce<IncidentState | undefined>((state, event) => evolve(state, event), undefined);
        const middle = replay(log.slice(0, first.length + 1)) as IncidentState;
        const before = structuredClone(middle);
        expect(replay(log)).toEqual(oneByOne);
        expect(replay(log.slice(first.length + 1), middle)).toEqual(oneByOne);
        expect(middle).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });
});

describe('folding a whole incident in place', () => {
  const logs = [SEEDED_INCIDENT, CHANGED_INCIDENT, HOSTILE_DEPLOY_INCIDENT, COMMS_INCIDENT];

  it('should give what evolve gives one event at a time, from any snapshot, and leave the snapshot alone', () => {
    for (const log of logs) {
      const states: (IncidentState | undefined)[] = [undefined];
      for (const event of log) states.push(evolve(states.at(-1), event));
      const whole = states.at(-1);
      expect(replay(log)).toEqual(whole);
      for (let cut = 1; cut < log.length; cut += 1) {
        const snapshot = states[cut] as IncidentState;
        const before = structuredClone(snapshot);
        expect(replay(log.slice(cut), snapshot)).toEqual(whole);
        expect(snapshot).toEqual(before);
      }
    }
  });

  it('should hand out one state that the next event changes, each the state after the events so far', () => {
    const log = SEEDED_INCIDENT;
    const fold = folder();
    for (const [i, event] of log.entries()) {
      expect(fold(event)).toEqual(replay(log.slice(0, i + 1)));
    }
  });
});
