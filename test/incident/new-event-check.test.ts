import { describe, expect, it } from 'vitest';
import { type NewEvent, newEventProblem, newEventSchema, type RecordedEvent } from '../../src/incident/events.js';
import {
  CHANGED_INCIDENT,
  COMMS_INCIDENT,
  DANA,
  HOSTILE_DEPLOY_INCIDENT,
  NOW,
  SEEDED_INCIDENT,
} from '../export/fixtures.js';

/** A recorded event as `decide` made it, before the log gave it a position. */
function asNew({ incidentId: _i, seq: _s, key: _k, recordedAt: _r, ...event }: RecordedEvent): NewEvent {
  return event as NewEvent;
}

const note = (text: string) => ({ type: 'NoteAdded', v: 1, data: { text }, actor: DANA, at: NOW }) as NewEvent;

describe('the check of a new event before it is appended', () => {
  it('should accept every event the fixtures record, as newEventSchema does', () => {
    for (const event of [...SEEDED_INCIDENT, ...CHANGED_INCIDENT, ...HOSTILE_DEPLOY_INCIDENT, ...COMMS_INCIDENT]) {
      const fresh = asNew(event);
      expect(newEventSchema.safeParse(fresh).success).toBe(true);
      expect(newEventProblem(fresh)).toBeUndefined();
    }
  });

  it('should refuse what newEventSchema refuses, saying which field and what would be right', () => {
    const cases: [NewEvent, string | RegExp][] = [
      [note(''), 'text is empty'],
      [note('x'.repeat(4001)), 'text is longer than 4000 characters; shorten it'],
      [{ ...note('ok'), actor: 'dana' } as NewEvent, /^actor is not valid/],
      [{ ...note('ok'), at: 12 }, /^at is not valid/],
      [{ ...note('ok'), type: 'IncidentExploded' } as unknown as NewEvent, /is not valid/],
    ];
    for (const [event, said] of cases) {
      expect(newEventSchema.safeParse(event).success).toBe(false);
      expect(newEventProblem(event)).toMatch(said);
    }
  });
});
