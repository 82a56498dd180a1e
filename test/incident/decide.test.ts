import { describe, expect, it } from 'vitest';
import { type Command, type Decision, decide, type Meta } from '../../src/incident/decide.js';
import { type RecordedEvent, recordedEventSchema } from '../../src/incident/events.js';
import { evolve, type IncidentState } from '../../src/incident/state.js';

// A tiny harness: commands are decided and their events folded in, the way the app records them, so each test
// starts from a state reached through the domain rather than from a hand-made object.
const ID = 'INC-7';
const DANA = 'U0DANA';
const RAJ = 'U0RAJ';
const T0 = Date.UTC(2026, 10, 29, 2, 0);
const MINUTE = 60_000;
const by = (actor: string, minutes = 0): Meta => ({ actor, at: T0 + minutes * MINUTE });

const declare: Command = {
  type: 'declare',
  title: 'Checkout payments failing',
  severity: 'sev1',
  private: false,
  declaredIn: 'C0GENERAL',
};
const pin = (via: 'pin' | 'reaction'): Command => ({
  type: 'pinMessage',
  channelId: 'C0INC7',
  ts: '1764381720.000100',
  author: RAJ,
  text: 'Rolled back deploy 4812',
  via,
});

/** A 📌 as the event listener records it, before the message is looked up. */
const request: Command = { type: 'requestPin', channelId: 'C0INC7', ts: '1764381720.000100' };

/** The steps that put a message on the timeline by a pin or by a 📌 (recorded, then looked up). */
const pinnedBy = (via: 'pin' | 'reaction'): Command[] => (via === 'pin' ? [pin('pin')] : [request, pin('reaction')]);

function accepted(decision: Decision): Extract<Decision, { ok: true }> {
  if (!decision.ok) throw new Error(`refused: ${decision.error.message}`);
  return decision;
}

/** Records each step's events (each checked against the log's schema) and returns the state after them. */
function given(...steps: (Command | [Command, Meta])[]): IncidentState {
  let state: IncidentState | undefined;
  for (const step of steps) {
    const [command, meta] = Array.isArray(step) ? step : [step, by(DANA)];
    for (const event of accepted(decide(state, command, meta)).events) {
      const seq = (state?.version ?? 0) + 1;
      const recorded: RecordedEvent = { ...event, incidentId: ID, seq, key: `req-${seq}`, recordedAt: event.at + 5 };
      expect(recordedEventSchema.parse(recorded)).toEqual(recorded);
      state = evolve(state, recorded);
    }
  }
  if (!state) throw new Error('nothing was declared');
  return state;
}

const open = () => given(declare);
const resolved = () => given(declare, { type: 'resolve', summary: 'Rolled back deploy 4812' });

describe('declaring', () => {
  it('should record IncidentDeclared with what was typed, by whom and when', () => {
    expect(decide(undefined, declare, by(DANA, 1))).toStrictEqual({
      ok: true,
      events: [
        {
          type: 'IncidentDeclared',
          v: 1,
          data: { title: 'Checkout payments failing', severity: 'sev1', private: false, declaredIn: 'C0GENERAL' },
          actor: DANA,
          at: T0 + MINUTE,
        },
      ],
    });
  });

  it('should refuse to declare the same incident twice', () => {
    expect(decide(open(), declare, by(RAJ))).toEqual({
      ok: false,
      error: { code: 'already_declared', message: 'INC-7 is already declared.' },
    });
  });

  it.each<Command>([
    { type: 'changeStatus', to: 'identified' },
    { type: 'postUpdate', text: 'Still looking' },
    { type: 'resolve', summary: 'Fixed' },
    { type: 'recordChannel', channelId: 'C0INC7', name: 'inc-20261129-checkout' },
  ])('should refuse $type before anything is declared', (command) => {
    expect(decide(undefined, command, by(DANA))).toEqual({
      ok: false,
      error: { code: 'no_incident', message: 'There is no such incident.' },
    });
  });
});

describe('changing status and severity', () => {
  it('should record StatusChanged from the current status, by the responder who changed it', () => {
    const state = given(declare, { type: 'changeStatus', to: 'identified' });
    expect(decide(state, { type: 'changeStatus', to: 'mitigating' }, by(RAJ, 9))).toEqual({
      ok: true,
      events: [
        {
          type: 'StatusChanged',
          v: 1,
          data: { from: 'identified', to: 'mitigating' },
          actor: RAJ,
          at: T0 + 9 * MINUTE,
        },
      ],
    });
  });

  it('should record nothing and say so when the status is already the one asked for', () => {
    const state = given(declare, { type: 'changeStatus', to: 'identified' });
    expect(decide(state, { type: 'changeStatus', to: 'identified' }, by(RAJ))).toEqual({
      ok: true,
      events: [],
      note: 'Status is already Identified.',
    });
  });

  it.each([
    ['an open', open],
    ['a resolved', resolved],
  ])('should refuse "resolved" as a status on %s incident and point to /incident resolve', (_label, state) => {
    const decision = decide(state(), { type: 'changeStatus', to: 'resolved' }, by(DANA));
    expect(decision).toEqual({ ok: false, error: { code: 'use_resolve', message: expect.any(String) } });
    expect(!decision.ok && decision.error.message).toContain('`/incident resolve`');
  });

  it('should record SeverityChanged, and nothing when the severity is already the one asked for', () => {
    const state = open();
    expect(decide(state, { type: 'changeSeverity', to: 'sev2' }, by(RAJ, 3))).toEqual({
      ok: true,
      events: [{ type: 'SeverityChanged', v: 1, data: { from: 'sev1', to: 'sev2' }, actor: RAJ, at: T0 + 3 * MINUTE }],
    });
    expect(decide(state, { type: 'changeSeverity', to: 'sev1' }, by(RAJ))).toEqual({
      ok: true,
      events: [],
      note: 'Severity is already SEV1.',
    });
  });

  it.each<[Command, string]>([
    [{ type: 'changeStatus', to: 'monitoring' }, 'change its status'],
    [{ type: 'changeSeverity', to: 'sev3' }, 'change its severity'],
  ])('should refuse %o on a resolved incident and say to reopen it first', (command, doing) => {
    expect(decide(resolved(), command, by(DANA))).toEqual({
      ok: false,
      error: {
        code: 'resolved',
        message: `INC-7 is resolved, so you cannot ${doing}; \`/incident reopen <reason>\` first.`,
      },
    });
  });
});

describe('updates and notes', () => {
  it.each([
    ['postUpdate', 'UpdatePosted'],
    ['addNote', 'NoteAdded'],
  ] as const)('should record %s as %s with its text', (type, eventType) => {
    expect(decide(open(), { type, text: 'Error rate back under 1%' }, by(RAJ, 20))).toEqual({
      ok: true,
      events: [{ type: eventType, v: 1, data: { text: 'Error rate back under 1%' }, actor: RAJ, at: T0 + 20 * MINUTE }],
    });
  });
});

describe('resolving and reopening', () => {
  it('should let the commander resolve with a one-line resolution, owning the postmortem unless someone is named', () => {
    expect(
      decide(
        open(),
        { type: 'resolve', summary: 'Rolled back deploy 4812', postmortemOwner: 'U0RAJ', reviewDate: '2026-12-04' },
        by(DANA, 53),
      ),
    ).toMatchObject({ ok: true, events: [{ data: { postmortem: { owner: 'U0RAJ', reviewDate: '2026-12-04' } } }] });
    expect(decide(open(), { type: 'resolve', summary: 'Rolled back deploy 4812' }, by(DANA, 53))).toEqual({
      ok: true,
      events: [
        {
          type: 'IncidentResolved',
          v: 1,
          data: { summary: 'Rolled back deploy 4812', postmortem: { owner: DANA } },
          actor: DANA,
          at: T0 + 53 * MINUTE,
        },
      ],
    });
  });

  it('should refuse a resolve by anyone but the commander, naming the commander', () => {
    const decision = decide(open(), { type: 'resolve', summary: 'Looks fine' }, by(RAJ));
    expect(decision).toEqual({
      ok: false,
      error: {
        code: 'not_commander',
        message: 'Only the commander (<@U0DANA>) can resolve INC-7. Ask them, or take command first.',
      },
    });
  });

  it('should record nothing when an already resolved incident is resolved again', () => {
    expect(decide(resolved(), { type: 'resolve', summary: 'Again' }, by(DANA))).toEqual({
      ok: true,
      events: [],
      note: 'INC-7 is already resolved.',
    });
  });

  it('should let anyone reopen a resolved incident, with the reason', () => {
    expect(decide(resolved(), { type: 'reopen', reason: 'Errors are back' }, by(RAJ, 70))).toEqual({
      ok: true,
      events: [
        { type: 'IncidentReopened', v: 1, data: { reason: 'Errors are back' }, actor: RAJ, at: T0 + 70 * MINUTE },
      ],
    });
  });

  it('should refuse to reopen an incident that is still open', () => {
    expect(decide(open(), { type: 'reopen', reason: 'Just in case' }, by(DANA))).toEqual({
      ok: false,
      error: { code: 'not_resolved', message: 'INC-7 is still open; nothing to reopen.' },
    });
  });

  it('should allow status changes again once reopened', () => {
    const state = given(declare, { type: 'resolve', summary: 'Fixed' }, { type: 'reopen', reason: 'Back' });
    expect(accepted(decide(state, { type: 'changeStatus', to: 'identified' }, by(DANA))).events).toHaveLength(1);
  });
});

describe('recording what warroom set up', () => {
  it.each<[Command, Partial<RecordedEvent>, string]>([
    [
      { type: 'recordChannel', channelId: 'C0INC7', name: 'inc-20261129-checkout-payments-failing' },
      { type: 'ChannelCreated', data: { channelId: 'C0INC7', name: 'inc-20261129-checkout-payments-failing' } },
      'The channel is already recorded.',
    ],
    [
      { type: 'recordBoard', ts: '1764381600.000200' },
      { type: 'BoardPosted', data: { ts: '1764381600.000200' } },
      'The board is already recorded.',
    ],
    [
      { type: 'recordAnnouncement', channelId: 'C0INCIDENTS', ts: '1764381600.000300' },
      { type: 'AnnouncementPosted', data: { channelId: 'C0INCIDENTS', ts: '1764381600.000300' } },
      'The announcement is already recorded.',
    ],
  ])('should record %o once and then only note it', (command, event, note) => {
    expect(decide(open(), command, by('warroom', 1))).toEqual({
      ok: true,
      events: [{ ...event, v: 1, actor: 'warroom', at: T0 + MINUTE }],
    });
    expect(decide(given(declare, command), command, by('warroom', 2))).toEqual({ ok: true, events: [], note });
  });

  it('should record an effect failure without an undefined detail', () => {
    const decision = decide(
      open(),
      { type: 'recordEffectFailure', effect: 'pin', error: 'ratelimited' },
      by('warroom'),
    );
    expect(decision).toStrictEqual({
      ok: true,
      events: [{ type: 'EffectFailed', v: 1, data: { effect: 'pin', error: 'ratelimited' }, actor: 'warroom', at: T0 }],
    });
  });
});

describe('the timeline of pinned messages', () => {
  it('should put a pinned message on the timeline with its author, text and how it was pinned', () => {
    expect(decide(open(), pin('pin'), by(RAJ, 2))).toEqual({
      ok: true,
      events: [
        {
          type: 'MessagePinned',
          v: 1,
          data: {
            channelId: 'C0INC7',
            ts: '1764381720.000100',
            author: RAJ,
            text: 'Rolled back deploy 4812',
            via: 'pin',
          },
          actor: RAJ,
          at: T0 + 2 * MINUTE,
        },
      ],
    });
  });

  it('should record a 📌 reaction on an already pinned message as a second source', () => {
    const decision = accepted(decide(given(declare, pin('pin'), request), pin('reaction'), by(DANA)));
    expect(decision.events).toEqual([expect.objectContaining({ type: 'MessagePinned', data: expect.any(Object) })]);
    expect(decision.events[0]?.data).toMatchObject({ via: 'reaction' });
  });

  it('should record a 📌 at once, once, and pin its message only while the 📌 is still on', () => {
    const requested = accepted(decide(given(declare), request, by(DANA)));
    expect(requested.events.map((e) => e.type)).toEqual(['PinRequested']);
    expect(decide(given(declare, request), request, by(DANA))).toMatchObject({ ok: true, events: [] });
    const removed = given(declare, request, { type: 'unpinMessage', ts: '1764381720.000100', via: 'reaction' });
    expect(removed.pinRequests).toEqual({});
    expect(decide(removed, pin('reaction'), by(DANA))).toEqual({
      ok: true,
      events: [],
      note: 'The 📌 was taken off before the message was looked up.',
    });
    expect(given(declare, request, pin('reaction')).pins['1764381720.000100']?.via).toEqual(['reaction']);
  });

  it.each(['pin', 'reaction'] as const)('should not add a second timeline entry for a second %s', (via) => {
    const again = via === 'pin' ? pin('pin') : request;
    expect(decide(given(declare, ...pinnedBy(via)), again, by(DANA))).toMatchObject({ ok: true, events: [] });
    expect(decide(given(declare, ...pinnedBy(via)), pin(via), by(DANA))).toEqual({
      ok: true,
      events: [],
      note: 'That message is already on the timeline.',
    });
  });

  it.each<[string, Command[], Command]>([
    ['a message never pinned', [], { type: 'unpinMessage', ts: '1764381720.000100', via: 'pin' }],
    ['a message never pinned, deleted', [], { type: 'unpinMessage', ts: '1764381720.000100', via: 'deleted' }],
    [
      'a reaction removed from a message only pinned',
      [pin('pin')],
      { type: 'unpinMessage', ts: '1764381720.000100', via: 'reaction' },
    ],
  ])('should record nothing when unpinning %s', (_label, before, command) => {
    expect(decide(given(declare, ...before), command, by(DANA))).toEqual({
      ok: true,
      events: [],
      note: 'That message is not on the timeline.',
    });
  });

  it.each(['pin', 'deleted'] as const)('should record MessageUnpinned via %s for a pinned message', (via) => {
    expect(
      decide(given(declare, pin('pin')), { type: 'unpinMessage', ts: '1764381720.000100', via }, by(RAJ, 4)),
    ).toEqual({
      ok: true,
      events: [
        { type: 'MessageUnpinned', v: 1, data: { ts: '1764381720.000100', via }, actor: RAJ, at: T0 + 4 * MINUTE },
      ],
    });
  });

  it('should record an edit of a pinned message with the new text', () => {
    const edit: Command = {
      type: 'editPinnedMessage',
      ts: '1764381720.000100',
      text: 'Rolled back deploys 4812, 4813',
    };
    expect(decide(given(declare, pin('pin')), edit, by(RAJ, 5))).toEqual({
      ok: true,
      events: [
        {
          type: 'PinnedMessageEdited',
          v: 1,
          data: { ts: '1764381720.000100', text: 'Rolled back deploys 4812, 4813' },
          actor: RAJ,
          at: T0 + 5 * MINUTE,
        },
      ],
    });
  });

  it.each<[string, Command[]]>([
    ['the text did not change', [pin('pin')]],
    ['the message is not on the timeline', []],
  ])('should record nothing for an edit when %s', (_label, before) => {
    const edit: Command = { type: 'editPinnedMessage', ts: '1764381720.000100', text: 'Rolled back deploy 4812' };
    expect(decide(given(declare, ...before), edit, by(RAJ))).toEqual({
      ok: true,
      events: [],
      note: 'Nothing to change on the timeline.',
    });
  });
});
