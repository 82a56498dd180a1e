/**
 * @module queue/followup-issue
 * The `followup-issue` job: files one follow-up someone clicked [File as GitHub issue] on, exactly once.
 * Payload: { incidentId, followUpId }. The issue's body carries a marker naming the incident and the
 * follow-up; the attempt is marked before the call, and a run that finds an attempt it cannot account
 * for looks on GitHub for an issue with the marker before filing again. Outcome: `FollowUpFiled` (the
 * issue's number and link) or `FollowUpFilingFailed` (what GitHub said) on the timeline.
 */
import type { Job } from 'bullmq';
import { isConnectorError } from '../connectors/errors.js';
import { type FiledIssue, GitHubIssues } from '../connectors/github/issues.js';
import { followUpOf } from '../incident/followups.js';
import { severityLabel } from '../incident/severity.js';
import type { IncidentState } from '../incident/state.js';
import { type EffectContext, recordSystem } from './context.js';
import { FOLLOWUP_ATTEMPTS, type FollowUpIssueJob } from './names.js';

const MARKER = /<!-- warroom:([\w.-]+):(INC-\d+):(fu-[a-z0-9-]{1,60}) -->/;
const CLOCK_SLACK_MS = 60_000;

/** The marker in a follow-up issue's body: which warroom, incident and follow-up it is. */
export function followUpMarker(prefix: string, incidentId: string, followUpId: string): string {
  return `<!-- warroom:${prefix}:${incidentId}:${followUpId} -->`;
}

/** The incident and follow-up an issue body's marker names, when it is this install's. */
export function followUpOfIssue(prefix: string, body: string): { incidentId: string; followUpId: string } | undefined {
  const match = body.match(MARKER);
  if (!match || match[1] !== prefix) return undefined;
  return { incidentId: match[2] as string, followUpId: match[3] as string };
}

function issueBody(ctx: EffectContext, state: IncidentState, followUpId: string): string {
  const f = followUpOf(state.followUps, followUpId);
  // A private incident's title stays in its channel.
  const about = state.private
    ? `a private ${severityLabel(state.severity)} incident`
    : `${severityLabel(state.severity)}: ${state.title}`;
  const lines = [
    `Follow-up from **${state.id}** (${about}).`,
    '',
    f?.text ?? '',
    '',
    ...(f?.due ? [`Due: ${new Date(f.due).toISOString().slice(0, 10)}`] : []),
    ...(f?.priority ? [`Priority: ${f.priority.toUpperCase()}`] : []),
    ...(state.channel ? [`Incident channel: https://slack.com/app_redirect?channel=${state.channel.id}`] : []),
    '',
    'Closing this issue marks the follow-up done in warroom.',
    followUpMarker(ctx.config.keyPrefix, state.id, followUpId),
  ];
  return lines.join('\n');
}

export async function processFollowUpIssue(ctx: EffectContext, job: Job<FollowUpIssueJob>): Promise<string> {
  const { incidentId, followUpId } = job.data;
  const { state } = await ctx.store.load(incidentId);
  const followUp = state ? followUpOf(state.followUps, followUpId) : undefined;
  if (!state || !followUp?.filing || followUp.issue) return 'already settled';
  const repo = followUp.filing.repo;
  const fail = async (error: string) => {
    await recordSystem(
      ctx,
      incidentId,
      { type: 'recordFollowUpFilingFailed', followUpId, error },
      `sys:fu-failed:${followUpId}:${followUp.filing?.at ?? 0}`,
    );
    return `failed: ${error}`;
  };
  const token = ctx.config.github.token;
  if (!token) return fail('GITHUB_TOKEN is not set on warroom, so it cannot file issues (it needs issues: write)');
  const client = new GitHubIssues({ apiUrl: ctx.config.github.apiUrl, token });
  const marker = followUpMarker(ctx.config.keyPrefix, incidentId, followUpId);
  const results = ctx.store.keys.effectResults(incidentId);
  const field = `github-issue.${followUpId}`;
  const attemptedField = `attempted.${field}`;
  const filed = async (issue: Pick<FiledIssue, 'number' | 'htmlUrl'>) => {
    await ctx.redis.hset(results, field, JSON.stringify({ number: issue.number, url: issue.htmlUrl }));
    await recordSystem(
      ctx,
      incidentId,
      { type: 'recordFollowUpFiled', followUpId, repo, number: issue.number, url: issue.htmlUrl },
      `sys:fu-filed:${followUpId}`,
    );
    return `filed as ${repo}#${issue.number}`;
  };
  try {
    const [done, attempted] = await ctx.redis.hmget(results, field, attemptedField);
    if (done) {
      const stored = JSON.parse(done) as { number: number; url: string };
      return filed({ number: stored.number, htmlUrl: stored.url });
    }
    if (attempted) {
      const found = await client.findByMarker(repo, marker, Number(attempted) - CLOCK_SLACK_MS);
      if (found) {
        ctx.logger.info({ incidentId, followUpId }, 'GitHub had the issue before a crash; not filed again');
        return filed(found);
      }
    }
    await ctx.redis.hset(results, attemptedField, String(Date.now()));
    const title = (followUp.text.split('\n')[0] ?? followUp.text).slice(0, 200);
    const labels = [...ctx.templates.followUpLabels, ...(followUp.priority ? [followUp.priority] : [])];
    return filed(await client.create(repo, { title, body: issueBody(ctx, state, followUpId), labels }));
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    // A refusal or a rate limit filed nothing; a lost answer may have, and keeps the mark.
    if (error.status !== undefined && error.status < 500 && error.status >= 400)
      await ctx.redis.hdel(results, attemptedField);
    if (!error.retryable) return fail(error.detail);
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? FOLLOWUP_ATTEMPTS))
      return fail(`${error.detail} (gave up after ${job.attemptsMade + 1} tries)`);
    throw error;
  }
}
