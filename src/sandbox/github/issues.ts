/**
 * @module sandbox/github/issues
 * Closing and reopening issues in the state, for the REST route (`PATCH …/issues/{n}`) and for the
 * emulator's own `closeIssue` (someone closing it in GitHub's web UI) alike. Each is one `issues`
 * delivery (`closed`, `reopened`), as is opening one (`opened`).
 */
import { type GitHubUser, type Issue, isoSeconds } from './model.js';

/** The `issues` actions the emulator delivers. */
export type IssueAction = 'opened' | 'closed' | 'reopened';

/** Closes `issue` as `by` did it: when, by whom and why (completed unless told) are recorded. */
export function closeIssue(issue: Issue, by: GitHubUser, reason: Issue['stateReason'], at = isoSeconds()): void {
  Object.assign(issue, {
    state: 'closed',
    closedAt: at,
    closedBy: by,
    stateReason: reason ?? 'completed',
    updatedAt: at,
  });
}

/** Opens a closed `issue` again: GitHub clears when and by whom, and gives the reason `reopened`. */
export function reopenIssue(issue: Issue, at = isoSeconds()): void {
  Object.assign(issue, { state: 'open', closedAt: null, closedBy: null, stateReason: 'reopened', updatedAt: at });
}
