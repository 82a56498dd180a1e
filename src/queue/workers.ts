/**
 * @module queue/workers
 * The worker side: a BullMQ worker on the effects queue (dispatch and refresh jobs) and the sweeper.
 * Closing waits for jobs in flight to finish.
 */
import { WebClient } from '@slack/web-api';
import { DelayedError, type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { metricsOf } from '../ops/metrics.js';
import { isCluster } from '../redis/connection.js';
import { slackLogger } from '../slack/logger.js';
import { SlackBudget } from '../slack/pacing/budget.js';
import { PacedWebClient, type SlackCallObserver, workspaceOf } from '../slack/pacing/paced-client.js';
import type { EffectContext } from './context.js';
import { processDeployLanded } from './deploy-landed.js';
import { processDrain } from './dispatch.js';
import { processExport } from './exports.js';
import { processFollowUpIssue } from './followup-issue.js';
import { processHome } from './home.js';
import { type MetricPollJob, processMetricPoll, rearmMetricPolls } from './metric-poll.js';
import {
  type DeployLandedJob,
  type DrainJob,
  EFFECTS_QUEUE,
  type ExportJob,
  type FollowUpIssueJob,
  type HomeJob,
  type OnCallJob,
  type PageJob,
  type PageResolveJob,
  queuePrefix,
  type RefreshJob,
  type RollbackJob,
  type RollbackWatchJob,
  type StatusPagePublishJob,
  type TimerJob,
} from './names.js';
import { processOnCall, processPage, processPageResolve } from './paging.js';
import { processRefresh } from './refresh.js';
import { processRollback } from './rollback.js';
import { processRollbackWatch } from './rollback-watch.js';
import { backoffDelay, rateLimitWaitMs } from './slack-errors.js';
import { processStatusPagePublish } from './statuspage-publish.js';
import { sweep, tickBoards } from './sweeper.js';
import { processTimer } from './timers.js';

export interface Workers {
  /** The worker taking jobs now (a new one after a stall restart). */
  current(): Worker;
  /** How many times the watchdog restarted a stalled worker. */
  restarts(): number;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 5000;
/**
 * Jobs in flight per worker. A drain spends most of its time waiting for Slack, so many incidents may
 * progress at once; per incident there is still one drain at a time.
 */
export const WORKER_CONCURRENCY = 64;
const STALL_AFTER_MS = 30_000;

/**
 * A Web API client for jobs: no retries of its own, rate limits thrown, so BullMQ schedules the retry.
 * Given Redis, it is paced by the rate budget every process shares (slack/pacing/), reporting its calls
 * and waits to `observe`; without (a test calling effects directly), it is the plain client.
 */
export function jobSlackClient(
  ctx: Pick<EffectContext, 'config' | 'logger'> & Partial<Pick<EffectContext, 'redis'>>,
  observe?: SlackCallObserver,
): WebClient {
  const { botToken, apiUrl, drillRateScale } = ctx.config.slack;
  const options = {
    slackApiUrl: apiUrl,
    logger: slackLogger(ctx.logger),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
  if (!ctx.redis) return new WebClient(botToken, options);
  const budget = new SlackBudget(ctx.redis, {
    keyPrefix: ctx.config.keyPrefix,
    workspace: workspaceOf(botToken),
    timeScale: drillRateScale,
  });
  return new PacedWebClient(botToken, { ...options, budget, ...(observe ? { observe } : {}) });
}

export interface WorkerOptions {
  concurrency?: number;
  /** With jobs waiting longer than this and none taken meanwhile, the worker is restarted. */
  stallAfterMs?: number;
  /** How often the sweeper and the stall check run. */
  tickMs?: number;
}

/** Runs one job of the effects queue by its name. */
function processJob(ctx: EffectContext, job: Job, token: string | undefined): Promise<unknown> {
  if (job.name === 'drain') return processDrain(ctx, job as Job<DrainJob>);
  if (job.name === 'refresh') return processRefresh(ctx, job as Job<RefreshJob>, token);
  if (job.name === 'timer') return processTimer(ctx, job as Job<TimerJob>);
  if (job.name === 'export') return processExport(ctx, job as Job<ExportJob>);
  if (job.name === 'rollback') return processRollback(ctx, job as Job<RollbackJob>);
  if (job.name === 'rollback-watch') return processRollbackWatch(ctx, job as Job<RollbackWatchJob>);
  if (job.name === 'deploy-landed') return processDeployLanded(ctx, job as Job<DeployLandedJob>);
  if (job.name === 'metric-poll') return processMetricPoll(ctx, job as Job<MetricPollJob>);
  if (job.name === 'statuspage-publish') return processStatusPagePublish(ctx, job as Job<StatusPagePublishJob>);
  if (job.name === 'page') return processPage(ctx, job as Job<PageJob>);
  if (job.name === 'page-resolve') return processPageResolve(ctx, job as Job<PageResolveJob>);
  if (job.name === 'oncall') return processOnCall(ctx, job as Job<OnCallJob>);
  if (job.name === 'followup-issue') return processFollowUpIssue(ctx, job as Job<FollowUpIssueJob>);
  if (job.name === 'home') return processHome(ctx, job as Job<HomeJob>);
  throw new Error(`unknown job ${job.name}`);
}

function createWorker(ctx: EffectContext, connection: Redis, concurrency: number): Worker {
  const worker = new Worker(
    EFFECTS_QUEUE,
    async (job: Job, token?: string) => {
      try {
        return await processJob(ctx, job, token);
      } catch (error) {
        // Slack's 429, or warroom's own budget saying "not now": nothing was done, so the job comes back
        // when Slack has room without spending one of its attempts. A busy night must never use up a
        // drain's attempts and leave effects to the sweeper.
        const waitMs = rateLimitWaitMs(error);
        if (waitMs === undefined || token === undefined) throw error;
        await job.moveToDelayed(Date.now() + waitMs, token);
        metricsOf(ctx).observeJobDeferred(job.name);
        throw new DelayedError();
      }
    },
    {
      connection,
      prefix: queuePrefix(ctx.config.keyPrefix, isCluster(connection)),
      concurrency,
      // A worker that dies (kill -9, OOM) holds its jobs until their lock lapses: keep that short so
      // another worker takes them over within seconds, not half a minute.
      lockDuration: 10_000,
      stalledInterval: 5_000,
      maxStalledCount: 10,
      settings: { backoffStrategy: (attemptsMade, _type, error) => backoffDelay(attemptsMade, error) },
    },
  );
  worker.on('failed', (job, error) => {
    // BullMQ sets finishedOn only when the job moved to failed for good (no retry left).
    metricsOf(ctx).observeJobFailed(job?.name, Boolean(job?.finishedOn));
    ctx.logger.warn({ job: job?.id, attempts: job?.attemptsMade, err: error }, 'job attempt failed');
  });
  worker.on('completed', (job) => metricsOf(ctx).observeJobCompleted(job.name));
  worker.on('error', (error) => ctx.logger.warn({ err: error }, 'worker error'));
  return worker;
}

/** Puts open incidents missing from the active list back on it, and says so. */
async function reactivate(ctx: EffectContext): Promise<void> {
  const back = await ctx.store.reactivateOpen();
  if (back > 0) ctx.logger.warn({ incidents: back }, 'open incidents were missing from the active list; put back');
}

/**
 * How long the longest-waiting job has been due (0 when none is): a waiting job since it was added, a
 * delayed one since its delay ran out. A delayed job past its time that nobody takes means the worker's
 * blocking connection is gone (seen after a Cluster failover), just as a waiting one does.
 */
async function oldestWaitMs(ctx: EffectContext, now: number): Promise<number> {
  const queue = ctx.effects.queue;
  const waiting = await queue.getWaiting(0, 200);
  // The delayed set's score is BullMQ's due time × 0x1000 (plus a counter): the earliest is first.
  const [, score] = await ctx.redis.zrange(queue.toKey('delayed'), '0', '0', 'WITHSCORES');
  const due = [...waiting.map((job) => job.timestamp), ...(score ? [Math.floor(Number(score) / 0x1000)] : [])];
  const oldest = Math.min(...due.filter((at) => at <= now));
  return Number.isFinite(oldest) ? now - oldest : 0;
}

/**
 * Starts the effects worker and the sweeper. A watchdog restarts the worker when jobs wait and it takes
 * none (BullMQ workers have been seen to stop taking jobs after Redis outages).
 */
export function startWorkers(ctx: EffectContext, connection: Redis, options: WorkerOptions = {}): Workers {
  const concurrency = options.concurrency ?? WORKER_CONCURRENCY;
  const stallAfterMs = options.stallAfterMs ?? STALL_AFTER_MS;
  let worker = createWorker(ctx, connection, concurrency);
  let lastActivity = Date.now();
  let restarts = 0;
  const touch = () => {
    lastActivity = Date.now();
  };
  const watch = (w: Worker) => {
    w.on('active', touch);
    w.on('completed', touch);
    w.on('failed', touch);
  };
  watch(worker);
  const checkStall = async () => {
    const now = Date.now();
    if (now - lastActivity < stallAfterMs) return;
    const waited = await oldestWaitMs(ctx, now);
    if (waited < stallAfterMs) return;
    restarts += 1;
    ctx.logger.warn(
      { waitedMs: waited, restarts },
      'the effects worker has taken no job while jobs wait; restarting it',
    );
    const stalled = worker;
    worker = createWorker(ctx, connection, concurrency);
    watch(worker);
    touch();
    await stalled.close(true).catch(() => undefined);
  };
  let ticking = false;
  let ticks = 0;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    ticks += 1;
    // Once a minute, the boards' clocks too.
    const boards = ticks % 12 === 0 ? tickBoards(ctx) : Promise.resolve(0);
    // Once a minute too: an open incident lost from the active list (a failover lost the write) is put
    // back, so the sweeper finds its effects again.
    const reactivated = ticks % 12 === 0 ? reactivate(ctx) : Promise.resolve();
    // The key metrics' pollers: one that stopped (a crash, a restart) is started again.
    Promise.all([reactivated.then(() => sweep(ctx)), boards, rearmMetricPolls(ctx), checkStall()])
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'sweep failed'))
      .finally(() => {
        ticking = false;
      });
  }, options.tickMs ?? SWEEP_INTERVAL_MS);
  return {
    current: () => worker,
    restarts: () => restarts,
    close: async () => {
      clearInterval(timer);
      await worker.close();
    },
  };
}
