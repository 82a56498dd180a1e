/**
 * @module hooks/github-issues
 * GitHub's `issues` event for a follow-up warroom filed (its body carries warroom's marker): closing the
 * issue marks the follow-up done, once per delivery (`X-GitHub-Delivery`). Other issues are ignored.
 */
import { SYSTEM_ACTOR } from '../incident/events.js';
import { followUpOfIssue } from '../queue/followup-issue.js';
import type { Services } from '../services.js';
import { dispatchAfterAck, record } from '../slack/record.js';
import type { GitHubIssueHook } from './github-payloads.js';

export async function issueChanged(
  services: Services,
  hook: GitHubIssueHook,
  delivery: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const mine = followUpOfIssue(services.config.keyPrefix, hook.body);
  if (!mine) return { status: 202, body: { ok: true, ignored: 'not a follow-up warroom filed' } };
  if (hook.action !== 'closed') return { status: 202, body: { ok: true, ignored: `issue ${hook.action}` } };
  const outcome = await record(
    services,
    mine.incidentId,
    {
      type: 'markFollowUpDone',
      followUpId: mine.followUpId,
      ...(hook.closedBy ? { by: hook.closedBy } : {}),
      ...(hook.stateReason ? { reason: hook.stateReason } : {}),
    },
    { actor: SYSTEM_ACTOR, at: Date.now() },
    `gh:${delivery}`,
  );
  if (!outcome.ok && 'unavailable' in outcome)
    return { status: 503, body: { ok: false, error: 'not recorded; retry' } };
  await dispatchAfterAck(services, outcome);
  return { status: 200, body: { ok: true, incident: mine.incidentId, followUp: mine.followUpId } };
}
