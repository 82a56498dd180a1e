/**
 * @module queue/producer
 * Puts work on the effects queue: the dispatch of a recorded event (one job per event, id derived from
 * the log), and coalesced refreshes of the board, announcement and topic.
 */
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { isCluster } from '../redis/connection.js';
import type { Dispatch } from '../store/incident-store.js';
import {
  type DeployLandedJob,
  type DrainJob,
  drainDedupId,
  EFFECTS_QUEUE,
  type ExportJob,
  FOLLOWUP_ATTEMPTS,
  type FollowUpIssueJob,
  type HomeJob,
  type OnCallJob,
  PAGE_ATTEMPTS,
  type PageJob,
  type PageResolveJob,
  queuePrefix,
  type RefreshGroup,
  type RefreshJob,
  ROLLBACK_ATTEMPTS,
  type RollbackJob,
  type RollbackWatchJob,
  refreshDedupId,
  STATUSPAGE_ATTEMPTS,
  type StatusPagePublishJob,
} from './names.js';

/** How often an Argo CD rollback is looked at while it runs. */
export const WATCH_EVERY_MS = 5000;

const DAY_S = 24 * 60 * 60;

/** Completed jobs are kept a day so that a re-enqueue of the same event (a sweep, a retry) is a no-op. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 25,
  backoff: { type: 'slack' },
  removeOnComplete: { age: DAY_S, count: 100_000 },
  removeOnFail: { age: 7 * DAY_S },
};

export class EffectsProducer {
  readonly queue: Queue;

  constructor(connection: Redis, prefix: string, logger: Logger) {
    this.queue = new Queue(EFFECTS_QUEUE, {
      connection,
      prefix: queuePrefix(prefix, isCluster(connection)),
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    // Connection trouble is already logged, once, by the connection itself (redis/connection.ts).
    this.queue.on('error', (error) => logger.debug({ err: error }, 'effects queue error'));
  }

  /**
   * Asks for the effects of recorded events to be applied: one drain per incident, which applies
   * every pending effect in log order. Requests for an incident whose drain is already queued
   * coalesce; one that arrives while it runs makes it run once more.
   */
  async dispatch(dispatches: readonly Pick<Dispatch, 'incidentId'>[]): Promise<void> {
    const incidents = [...new Set(dispatches.map((d) => d.incidentId))];
    await Promise.all(incidents.map((incidentId) => this.drain(incidentId)));
  }

  async drain(incidentId: string, delay = 0): Promise<void> {
    await this.queue.add('drain', { incidentId } satisfies DrainJob, {
      deduplication: { id: drainDedupId(incidentId), keepLastIfActive: true },
      ...(delay > 0 ? { delay } : {}),
    });
  }

  /**
   * Asks for one group of the incident's surfaces (board, announcement, topic, checklists) to be brought
   * up to date, now or after `delay` ms; requests coalesce (one job per incident and group).
   */
  async refresh(incidentId: string, group: RefreshGroup, delay = 0): Promise<void> {
    await this.queue.add('refresh', { incidentId, group } satisfies RefreshJob, {
      deduplication: { id: refreshDedupId(incidentId, group), keepLastIfActive: true },
      ...(delay > 0 ? { delay } : {}),
    });
  }

  /** Asks for a confirmed rollback to be run (one job per rollback). */
  async rollback(request: RollbackJob): Promise<void> {
    await this.queue.add('rollback', request, {
      jobId: `rollback.${request.incidentId}.${request.rollbackId}`,
      attempts: ROLLBACK_ATTEMPTS,
      removeOnComplete: { age: 7 * DAY_S },
    });
  }

  /** Asks for an Argo CD rollback to be watched until its operation ends (re-asked every few seconds). */
  async watchRollback(request: RollbackWatchJob, delay = WATCH_EVERY_MS): Promise<void> {
    await this.queue.add('rollback-watch', request, {
      deduplication: { id: `rollback-watch.${request.incidentId}.${request.rollbackId}` },
      delay,
      attempts: 5,
    });
  }

  /** Asks for a recorded deploy to be taken to the open incidents (one job per report). */
  async deployLanded(request: DeployLandedJob): Promise<void> {
    await this.queue.add('deploy-landed', request, { jobId: `deploy.${request.reportId.replace(/[^\w.-]/g, '-')}` });
  }

  /** Asks for a status-page update to be published (one job per publish). */
  async publishStatusPage(request: StatusPagePublishJob): Promise<void> {
    await this.queue.add('statuspage-publish', request, {
      jobId: `statuspage.${request.incidentId}.${request.publishId}`,
      attempts: STATUSPAGE_ATTEMPTS,
      removeOnComplete: { age: 7 * DAY_S },
    });
  }

  /** Asks for a page to be sent (one job per page). */
  async page(request: PageJob): Promise<void> {
    await this.queue.add('page', request, {
      jobId: `page.${request.incidentId}.${request.pageId}`,
      attempts: PAGE_ATTEMPTS,
      removeOnComplete: { age: 7 * DAY_S },
    });
  }

  /** Asks for the incident's open pages to be resolved (one job per resolve of the incident). */
  async resolvePages(request: PageResolveJob, resolvedAt: number): Promise<void> {
    await this.queue.add('page-resolve', request, {
      jobId: `page-resolve.${request.incidentId}.${resolvedAt}`,
      attempts: PAGE_ATTEMPTS,
      removeOnComplete: { age: 7 * DAY_S },
    });
  }

  /** Asks for a follow-up to be filed as a GitHub issue (one job per filing asked for). */
  async fileFollowUp(request: FollowUpIssueJob, requestedAt: number): Promise<void> {
    await this.queue.add('followup-issue', request, {
      jobId: `followup.${request.incidentId}.${request.followUpId}.${requestedAt}`,
      attempts: FOLLOWUP_ATTEMPTS,
      removeOnComplete: { age: 7 * DAY_S },
    });
  }

  /** Asks for someone's App Home tab to be published (requests coalesce per person). */
  async home(request: HomeJob): Promise<void> {
    await this.queue.add('home', request, {
      deduplication: { id: `home.${request.user}` },
      attempts: 5,
      removeOnComplete: { age: 3600, count: 1000 },
    });
  }

  /** Asks for who is on call for the incident's service to be read. */
  async lookUpOnCall(request: OnCallJob): Promise<void> {
    await this.queue.add('oncall', request, {
      jobId: `oncall.${request.incidentId}.${request.service}.${request.at}`,
      attempts: 5,
    });
  }

  /** Asks for an export to be rendered and uploaded (a worker does it, off the ack path). */
  async exportTo(request: ExportJob, requestKey: string): Promise<void> {
    await this.queue.add('export', request, {
      jobId: `export.${request.incidentId}.${request.format}.${requestKey.replace(/[^\w.-]/g, '-')}`,
      attempts: 5,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
