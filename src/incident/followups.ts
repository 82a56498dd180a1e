/**
 * @module incident/followups
 * Follow-ups as the incident folds them: what is to be done, by whom and when, whether it was filed as a
 * GitHub issue (and where), and whether that issue was closed. Pure.
 */
import type { RecordedEvent } from './events.js';

export type Priority = 'p1' | 'p2' | 'p3';

export interface FollowUp {
  followUpId: string;
  text: string;
  owner: string | undefined;
  at: number;
  by: string;
  /** The day it is due (the start of that day in WARROOM_TIMEZONE). */
  due: number | undefined;
  priority: Priority | undefined;
  /** Asked to be filed on GitHub (the click), and not yet filed or refused. */
  filing: { repo: string; at: number; by: string } | undefined;
  issue: { repo: string; number: number; url: string } | undefined;
  error: string | undefined;
  doneAt: number | undefined;
  doneBy: string | undefined;
}

type FollowUpEvent = Extract<
  RecordedEvent,
  { type: 'FollowUpAdded' | 'FollowUpFilingRequested' | 'FollowUpFiled' | 'FollowUpFilingFailed' | 'FollowUpDone' }
>;

const TYPES: ReadonlySet<string> = new Set([
  'FollowUpAdded',
  'FollowUpFilingRequested',
  'FollowUpFiled',
  'FollowUpFilingFailed',
  'FollowUpDone',
]);

export function isFollowUpEvent(event: RecordedEvent): event is FollowUpEvent {
  return TYPES.has(event.type);
}

/** A follow-up by id, if the incident has it. */
export function followUpOf(followUps: readonly FollowUp[], followUpId: string): FollowUp | undefined {
  return followUps.find((f) => f.followUpId === followUpId);
}

/** The ones not done yet. */
export function openFollowUps(followUps: readonly FollowUp[]): FollowUp[] {
  return followUps.filter((f) => f.doneAt === undefined);
}

export function evolveFollowUps(followUps: readonly FollowUp[], event: FollowUpEvent): FollowUp[] {
  const change = (id: string, update: (f: FollowUp) => FollowUp) =>
    followUps.map((f) => (f.followUpId === id ? update(f) : f));
  switch (event.type) {
    case 'FollowUpAdded': {
      const d = event.data;
      return [
        ...followUps,
        {
          followUpId: d.followUpId ?? `fu-${event.seq}`,
          text: d.text,
          owner: d.owner,
          at: event.at,
          by: event.actor,
          due: d.due,
          priority: d.priority,
          filing: undefined,
          issue: undefined,
          error: undefined,
          doneAt: undefined,
          doneBy: undefined,
        },
      ];
    }
    case 'FollowUpFilingRequested':
      return change(event.data.followUpId, (f) => ({
        ...f,
        filing: { repo: event.data.repo, at: event.at, by: event.actor },
        error: undefined,
      }));
    case 'FollowUpFiled':
      return change(event.data.followUpId, (f) => ({
        ...f,
        filing: undefined,
        issue: { repo: event.data.repo, number: event.data.number, url: event.data.url },
      }));
    case 'FollowUpFilingFailed':
      return change(event.data.followUpId, (f) => ({ ...f, filing: undefined, error: event.data.error }));
    case 'FollowUpDone':
      return change(event.data.followUpId, (f) => ({ ...f, doneAt: event.at, doneBy: event.data.by }));
  }
}
