/**
 * @module queue/names
 * Queue and job names, job ids and typed payloads. Job ids are derived from the log (incident and
 * seq), so enqueuing the same event's work twice creates one job.
 */

export const EFFECTS_QUEUE = 'effects';

/**
 * BullMQ's key prefix. On a Redis Cluster every key of a queue must share one hash slot, so the prefix
 * is a hash tag there (`{warroom}:bull`, as BullMQ's docs ask); elsewhere it stays `warroom:bull`,
 * where existing deployments keep their queued jobs.
 */
export function queuePrefix(keyPrefix: string, cluster: boolean): string {
  return cluster ? `{${keyPrefix}}:bull` : `${keyPrefix}:bull`;
}

/** Apply the incident's recorded effects that are not applied yet, in log order. */
export interface DrainJob {
  incidentId: string;
}

/** What a refresh job brings up to date (see queue/refresh.ts). */
export type RefreshGroup = 'board' | 'announcement' | 'topic' | 'protocol';

/** Bring one group of the incident's surfaces up to date (all four when `group` is absent). */
export interface RefreshJob {
  incidentId: string;
  group?: RefreshGroup;
}

export type TimerJob =
  | { incidentId: string; kind: 'offer-expiry'; offerId: string }
  | { incidentId: string; kind: 'commander-shift'; user: string; since: number }
  | { incidentId: string; kind: 'role-unassigned'; role: string }
  | { incidentId: string; kind: 'step-late'; step: string; due: number }
  | { incidentId: string; kind: 'update-due'; due: number }
  | { incidentId: string; kind: 'postmortem-due'; resolvedAt: number; due: number }
  | { incidentId: string; kind: 'postmortem-soon'; resolvedAt: number; due: number }
  | { incidentId: string; kind: 'followup-overdue'; followUpId: string; due: number }
  | { incidentId: string; kind: 'no-commander'; due: number }
  | { incidentId: string; kind: 'oncall-check'; service: string; due: number };

export interface ExportJob {
  incidentId: string;
  format: 'md' | 'html' | 'json' | 'csv';
  channel: string;
  /** Who asked (told privately if it fails). */
  user: string;
  /** What the file is posted with. */
  comment: string;
}

/** How many times the job tries a rollback that keeps failing in ways a retry can fix. */
export const ROLLBACK_ATTEMPTS = 12;

/** Run a confirmed rollback's driver, once (see queue/rollback.ts). */
export interface RollbackJob {
  incidentId: string;
  rollbackId: string;
}

/** Watch an Argo CD rollback until its operation ends (Argo CD may not notify a revision twice). */
export interface RollbackWatchJob {
  incidentId: string;
  rollbackId: string;
  /** When the watch began (epoch ms); it gives up after a while. */
  since: number;
}

/** Take a recorded deploy report to the open incidents (posts, the rollback it confirms). */
export interface DeployLandedJob {
  service: string;
  reportId: string;
}

/** Publish one status-page update that comms asked for, once (see queue/statuspage-publish.ts). */
export interface StatusPagePublishJob {
  incidentId: string;
  publishId: string;
}

export const STATUSPAGE_ATTEMPTS = 12;

/** Send one page a responder asked for, once (see queue/paging.ts). */
export interface PageJob {
  incidentId: string;
  pageId: string;
}

/** Resolve the incident's open pages (it was resolved). */
export interface PageResolveJob {
  incidentId: string;
}

/** Read who is on call for the incident's service (`at`: when it was asked, part of the record's key). */
export interface OnCallJob {
  incidentId: string;
  service: string;
  at: number;
  /** The PagerDuty user an alert was assigned to: invited and offered command when found in Slack. */
  offerCommandTo?: string;
}

export const PAGE_ATTEMPTS = 12;

/** File one follow-up as a GitHub issue, once (see queue/followup-issue.ts). */
export interface FollowUpIssueJob {
  incidentId: string;
  followUpId: string;
}

export const FOLLOWUP_ATTEMPTS = 12;

/** Publish one person's App Home tab (they opened it). */
export interface HomeJob {
  user: string;
}

export type JobName =
  | 'drain'
  | 'refresh'
  | 'timer'
  | 'export'
  | 'rollback'
  | 'rollback-watch'
  | 'deploy-landed'
  | 'metric-poll'
  | 'statuspage-publish'
  | 'page'
  | 'page-resolve'
  | 'oncall'
  | 'followup-issue'
  | 'home';

/** At most one drain runs per incident, and one more waits (BullMQ deduplication by this id). */
export function drainDedupId(incidentId: string): string {
  return `drain.${incidentId}`;
}

/** At most one refresh runs per incident and group, and one more waits. */
export function refreshDedupId(incidentId: string, group: RefreshGroup): string {
  return `refresh.${incidentId}.${group}`;
}

/** One job per timer and what it is about; re-scheduling the same timer is a no-op. */
export function timerJobId(timer: TimerJob): string {
  switch (timer.kind) {
    case 'offer-expiry':
      return `timer.${timer.incidentId}.offer.${timer.offerId}`;
    case 'commander-shift':
      return `timer.${timer.incidentId}.shift.${timer.user}.${timer.since}`;
    case 'role-unassigned':
      return `timer.${timer.incidentId}.unassigned.${timer.role}`;
    case 'step-late':
      return `timer.${timer.incidentId}.step.${timer.step}.${timer.due}`;
    case 'update-due':
      return `timer.${timer.incidentId}.update.${timer.due}`;
    case 'followup-overdue':
      return `timer.${timer.incidentId}.followup.${timer.followUpId}.${timer.due}`;
    case 'postmortem-soon':
      return `timer.${timer.incidentId}.postmortem.soon.${timer.resolvedAt}`;
    case 'postmortem-due':
      return `timer.${timer.incidentId}.postmortem.${timer.resolvedAt}`;
    case 'no-commander':
      return `timer.${timer.incidentId}.no-commander.${timer.due}`;
    case 'oncall-check':
      return `timer.${timer.incidentId}.oncall.${timer.due}`;
  }
}
