/**
 * @module incident/decide-followups
 * Follow-ups as decisions: recording one (text, owner, due day, priority), asking for it to be filed as
 * a GitHub issue (a person's click; a job files it once), what GitHub did with that, and the issue's
 * closing marking it done. Pure.
 */
import { type NewEvent, newEvent } from './events.js';
import { followUpOf, type Priority } from './followups.js';
import type { IncidentState } from './state.js';

export type FollowUpCommand =
  | {
      type: 'addFollowUp';
      text: string;
      owner?: string | undefined;
      followUpId?: string | undefined;
      due?: number | undefined;
      priority?: Priority | undefined;
    }
  | { type: 'requestFollowUpIssue'; followUpId: string; repo: string }
  | { type: 'recordFollowUpFiled'; followUpId: string; repo: string; number: number; url: string }
  | { type: 'recordFollowUpFilingFailed'; followUpId: string; error: string }
  | { type: 'markFollowUpDone'; followUpId: string; by?: string | undefined; reason?: string | undefined };

export type FollowUpErrorCode = 'no_follow_up';

export type FollowUpDecision =
  | { ok: true; events: NewEvent[]; note?: string }
  | { ok: false; error: { code: FollowUpErrorCode; message: string } };

function clean<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function decideFollowUps(
  state: IncidentState,
  command: FollowUpCommand,
  meta: { actor: string; at: number },
): FollowUpDecision {
  const ok = (events: NewEvent[], note?: string): FollowUpDecision => ({ ok: true, events, ...(note ? { note } : {}) });
  if (command.type === 'addFollowUp') {
    if (command.followUpId && followUpOf(state.followUps, command.followUpId))
      return ok([], 'That follow-up is already recorded.');
    const { type: _type, ...data } = command;
    return ok([newEvent('FollowUpAdded', clean(data), meta)]);
  }
  const followUp = followUpOf(state.followUps, command.followUpId);
  if (!followUp) return { ok: false, error: { code: 'no_follow_up', message: `${state.id} has no such follow-up.` } };
  switch (command.type) {
    case 'requestFollowUpIssue':
      if (followUp.issue) return ok([], `It is already filed: ${followUp.issue.url}`);
      if (followUp.filing) return ok([], 'It is being filed on GitHub now.');
      if (followUp.doneAt !== undefined) return ok([], 'That follow-up is done.');
      return ok([newEvent('FollowUpFilingRequested', { followUpId: followUp.followUpId, repo: command.repo }, meta)]);
    case 'recordFollowUpFiled':
      if (followUp.issue) return ok([], 'Already on the timeline.');
      return ok([
        newEvent(
          'FollowUpFiled',
          { followUpId: followUp.followUpId, repo: command.repo, number: command.number, url: command.url },
          meta,
        ),
      ]);
    case 'recordFollowUpFilingFailed':
      if (followUp.issue || !followUp.filing) return ok([], 'Nothing to record.');
      return ok([newEvent('FollowUpFilingFailed', { followUpId: followUp.followUpId, error: command.error }, meta)]);
    case 'markFollowUpDone':
      if (followUp.doneAt !== undefined) return ok([], 'Already done.');
      return ok([
        newEvent(
          'FollowUpDone',
          clean({
            followUpId: followUp.followUpId,
            by: command.by?.slice(0, 100),
            reason: command.reason?.slice(0, 40),
          }),
          meta,
        ),
      ]);
  }
}
