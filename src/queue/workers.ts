/**
 * @module queue/workers
 * The worker side: a BullMQ worker on the effects queue (dispatch and refresh jobs) and the sweeper.
 * Closing waits for jobs in flight to finish.
 */
import { WebClient } from '@slack/web-api';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { slackLogger } from '../log.js';
import type { EffectContext } from './context.js';
import { processDrain } from './dispatch.js';
import { processExport } from './exports.js';
import { type DrainJob, EFFECTS_QUEUE, type ExportJob, type RefreshJob, type TimerJob } from './names.js';
import { processRefresh } from './refresh.js';
import { backoffDelay } from './slack-errors.js';
import { sweep, tickBoards } from './sweeper.js';
import { processTimer } from './timers.js';

export interface Workers {
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 5000;

/** A Web API client for jobs: no retries of its own, rate limits thrown, so BullMQ schedules the retry. */
export function jobSlackClient(ctx: Pick<EffectContext, 'config' | 'logger'>): WebClient {
  return new WebClient(ctx.config.slack.botToken, {
    slackApiUrl: ctx.config.slack.apiUrl,
    logger: slackLogger(ctx.logger),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
}

export function startWorkers(ctx: EffectContext, connection: Redis, concurrency = 16): Workers {
  const worker = new Worker(
    EFFECTS_QUEUE,
    async (job: Job, token?: string) => {
      if (job.name === 'drain') return processDrain(ctx, job as Job<DrainJob>);
      if (job.name === 'refresh') return processRefresh(ctx, job as Job<RefreshJob>, token);
      if (job.name === 'timer') return processTimer(ctx, job as Job<TimerJob>);
      if (job.name === 'export') return processExport(ctx, job as Job<ExportJob>);
      throw new Error(`unknown job ${job.name}`);
    },
    {
      connection,
      prefix: `${ctx.config.keyPrefix}:bull`,
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
    ctx.logger.warn({ job: job?.id, attempts: job?.attemptsMade, err: error }, 'job attempt failed');
  });
  worker.on('error', (error) => ctx.logger.warn({ err: error }, 'worker error'));
  let sweeping = false;
  let sweeps = 0;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweeps += 1;
    // Once a minute, the boards' clocks too.
    const boards = sweeps % 12 === 0 ? tickBoards(ctx) : Promise.resolve(0);
    Promise.all([sweep(ctx), boards])
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'sweep failed'))
      .finally(() => {
        sweeping = false;
      });
  }, SWEEP_INTERVAL_MS);
  return {
    close: async () => {
      clearInterval(timer);
      await worker.close();
    },
  };
}
