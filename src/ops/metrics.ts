/**
 * @module ops/metrics
 * What operators see of a warroom process on `GET /metrics` (Prometheus text format, prom-client):
 * acks by outcome, the log append's latency, the effects queue's depth and oldest waiting job, jobs
 * completed and failed by name, Slack Web API calls, errors and 429s by method, the rate budget's
 * waits, Redis reconnects and whether Redis answers.
 *
 * Each process makes one {@link WarroomMetrics} with its own prom-client Registry (never the global
 * one, so several warroom instances in one test process do not collide), attaches it to the objects
 * its listeners and job processors are handed ({@link attachMetrics}), and code that records finds it
 * with {@link metricsOf}. Labels are low-cardinality by construction: outcomes, job names, Slack
 * method names and error codes are checked against a shape and collapse to `other` otherwise; no
 * incident, channel or user id is ever a label.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { redisAnswers } from '../redis/connection.js';
import {
  ACK_OUTCOMES,
  type AckOutcome,
  APPEND_RESULTS,
  jobLabel,
  KNOWN_JOBS,
  QUEUE_STATES,
  SAMPLE_TIMEOUT_MS,
  SLACK_ERROR,
  SLACK_METHOD,
  type SlackCall,
  shaped,
  TIER,
} from './metric-labels.js';
import { onRedisReconnect } from './reconnects.js';

export {
  ACK_OUTCOMES,
  type AckOutcome,
  APPEND_RESULTS,
  QUEUE_STATES,
  SAMPLE_TIMEOUT_MS,
  type SlackCall,
} from './metric-labels.js';

/** `promise`'s value, or undefined when it rejects or takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface MetricsOptions {
  /** The process's role, reported as `warroom_info{role}`. */
  role?: string;
  /** How long a scrape waits for Redis (default {@link SAMPLE_TIMEOUT_MS}). */
  sampleTimeoutMs?: number;
}

/** The queue methods a scrape uses (a BullMQ Queue). */
export type QueueSource = Pick<Queue, 'name' | 'getJobCounts' | 'getJobs'>;

/**
 * One process's metrics: the registry `/metrics` serves and the calls that record into it.
 * @example
 * const metrics = new WarroomMetrics({ role: 'all' });
 * metrics.observeSlackCall({ method: 'chat.postMessage', ok: false, error: 'ratelimited', rateLimited: true });
 * metrics.observeBudgetWait('tier2', 350);
 * const text = await metrics.scrape();
 */
export class WarroomMetrics {
  readonly registry = new Registry();
  private readonly sampleTimeoutMs: number;
  private defaultsStarted = false;
  private queue: QueueSource | undefined;
  private probe: Redis | undefined;
  /** Slack methods seen so far (their outcomes start at 0 together). */
  private readonly seenMethods = new Set<string>();

  private readonly acks = new Counter({
    name: 'warroom_acks_total',
    help: "Responders' actions acknowledged to Slack, by outcome (recorded, duplicate, unchanged, refused, busy, not_recorded, failed).",
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly appends = new Histogram({
    name: 'warroom_append_duration_seconds',
    help: "Time of one append to an incident's log in Redis, by result (appended, duplicate, conflict, error).",
    labelNames: ['result'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly queueJobs = new Gauge({
    name: 'warroom_queue_jobs',
    help: 'Jobs on a BullMQ queue (effects) by state, read at scrape time (absent when Redis did not answer in time).',
    labelNames: ['queue', 'state'],
    registers: [this.registry],
  });
  private readonly oldestWaiting = new Gauge({
    name: 'warroom_queue_oldest_waiting_seconds',
    help: 'How long the oldest job ready to run on a queue has waited (0 when none waits; absent when unread).',
    labelNames: ['queue'],
    registers: [this.registry],
  });
  private readonly jobFailures = new Counter({
    name: 'warroom_job_failures_total',
    help: 'Failed attempts of effects jobs by job name; final="true" when the job gave up (no retry left).',
    labelNames: ['job_name', 'final'],
    registers: [this.registry],
  });
  private readonly jobCompletions = new Counter({
    name: 'warroom_job_completions_total',
    help: 'Effects jobs completed, by job name.',
    labelNames: ['job_name'],
    registers: [this.registry],
  });
  private readonly jobDeferrals = new Counter({
    name: 'warroom_job_deferrals_total',
    help: "Effects jobs put off because Slack (or warroom's own Slack budget) said not now, by job name; no attempt spent.",
    labelNames: ['job_name'],
    registers: [this.registry],
  });
  private readonly slackCalls = new Counter({
    name: 'warroom_slack_calls_total',
    help: 'Slack Web API calls by method and outcome (ok, error, rate_limited).',
    labelNames: ['method', 'outcome'],
    registers: [this.registry],
  });
  private readonly slackErrors = new Counter({
    name: 'warroom_slack_errors_total',
    help: "Slack Web API calls that failed, by method and Slack's error code (other: not a Slack code).",
    labelNames: ['method', 'error'],
    registers: [this.registry],
  });
  private readonly slackWaited = new Counter({
    name: 'warroom_slack_call_wait_seconds_total',
    help: 'Time Slack Web API calls were held back before they went out (rate budget, Retry-After), by method.',
    labelNames: ['method'],
    registers: [this.registry],
  });
  private readonly budgetWaits = new Histogram({
    name: 'warroom_slack_budget_wait_seconds',
    help: "Waits for the Slack rate budget (shared by all processes in Redis), by the budget's tier.",
    labelNames: ['tier'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly reconnects = new Counter({
    name: 'warroom_redis_reconnects_total',
    help: 'Times a Redis connection of this process was ready again after it dropped, by connection (commands, queue, workers).',
    labelNames: ['connection'],
    registers: [this.registry],
  });
  private readonly redisUp = new Gauge({
    name: 'warroom_redis_up',
    help: 'Whether Redis answered a PING at scrape time (1) or not within the timeout (0).',
    registers: [this.registry],
  });

  constructor(options: MetricsOptions = {}) {
    this.sampleTimeoutMs = options.sampleTimeoutMs ?? SAMPLE_TIMEOUT_MS;
    new Gauge({
      name: 'warroom_info',
      help: "A warroom process (always 1), with the process's role (all, web, worker).",
      labelNames: ['role'],
      registers: [this.registry],
    }).set({ role: options.role ?? 'all' }, 1);
    // Every outcome is there from the start, so that a rate of one that never happened is 0, not no data.
    for (const outcome of ACK_OUTCOMES) this.acks.inc({ outcome }, 0);
    for (const result of APPEND_RESULTS) this.appends.zero({ result });
    // (`job_name`, not `job`: Prometheus' own `job` label names the scrape job.)
    for (const job_name of Object.keys(KNOWN_JOBS)) {
      this.jobCompletions.inc({ job_name }, 0);
      this.jobDeferrals.inc({ job_name }, 0);
      for (const final of ['true', 'false']) this.jobFailures.inc({ job_name, final }, 0);
    }
  }

  /** The Content-Type of what {@link scrape} returns. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Counts one acknowledged action by what became of it. */
  observeAck(outcome: AckOutcome): void {
    this.acks.inc({ outcome });
  }

  /**
   * Runs one log append and records its time by result (`status` of what it returns, `error` when it
   * throws).
   * @example
   * const result = await metricsOf(store).timeAppend(() => store.append(incidentId, events, { key }));
   */
  async timeAppend<T extends { status: string }>(append: () => Promise<T>): Promise<T> {
    const stop = this.appends.startTimer();
    try {
      const result = await append();
      stop({ result: result.status });
      return result;
    } catch (error) {
      stop({ result: 'error' });
      throw error;
    }
  }

  /** Counts an effects job's failed attempt; `final` when it will not be retried. */
  observeJobFailed(name: string | undefined, final: boolean): void {
    this.jobFailures.inc({ job_name: jobLabel(name), final: String(final) });
  }

  /** Counts an effects job put off until Slack has room (a rate limit; no attempt spent). */
  observeJobDeferred(name: string | undefined): void {
    this.jobDeferrals.inc({ job_name: jobLabel(name) });
  }

  observeJobCompleted(name: string | undefined): void {
    this.jobCompletions.inc({ job_name: jobLabel(name) });
  }

  /**
   * Counts one Slack Web API call, for the client that made it (see {@link SlackCall}).
   * @example
   * metrics.observeSlackCall({ method: 'conversations.create', ok: true, waitedMs: 1200 });
   */
  observeSlackCall(call: SlackCall): void {
    const method = shaped(call.method, SLACK_METHOD);
    if (!this.seenMethods.has(method)) {
      this.seenMethods.add(method);
      // A method's three outcomes appear together, so its 429 rate reads 0 before the first 429.
      for (const outcome of ['ok', 'error', 'rate_limited']) this.slackCalls.inc({ method, outcome }, 0);
      this.slackWaited.inc({ method }, 0);
    }
    const outcome = call.rateLimited ? 'rate_limited' : call.ok ? 'ok' : 'error';
    this.slackCalls.inc({ method, outcome });
    if (!call.ok) {
      const error = call.rateLimited ? 'ratelimited' : call.error;
      this.slackErrors.inc({ method, error: shaped(error, SLACK_ERROR) });
    }
    if (call.waitedMs !== undefined && call.waitedMs > 0) this.slackWaited.inc({ method }, call.waitedMs / 1000);
  }

  /**
   * What the paced Slack client reports to (`observe` of slack/pacing's PacedWebClient, by shape).
   * @example
   * new PacedWebClient(token, { ...options, budget, observe: metricsOf(services).slackObserver });
   */
  readonly slackObserver = {
    slackCall: (call: SlackCall): void => this.observeSlackCall(call),
    budgetWait: (tier: string, ms: number): void => this.observeBudgetWait(tier, ms),
  };

  /**
   * Records one wait for the Slack rate budget of `tier` (e.g. `tier2`, `chat.postMessage`), in ms; a
   * call that did not wait may be recorded with 0.
   */
  observeBudgetWait(tier: string, ms: number): void {
    this.budgetWaits.observe({ tier: shaped(tier, TIER) }, Math.max(0, ms) / 1000);
  }

  /** Counts the reconnects of `redis` as `connection`; with `probe`, it is the one PINGed for `warroom_redis_up`. */
  watchRedis(redis: Redis, connection: string, options: { probe?: boolean } = {}): void {
    this.reconnects.inc({ connection }, 0);
    onRedisReconnect(redis, () => this.reconnects.inc({ connection }));
    if (options.probe) this.probe = redis;
  }

  /** The effects queue whose depth and oldest waiting job each scrape reads. */
  watchQueue(queue: QueueSource): void {
    this.queue = queue;
  }

  /**
   * The metrics in Prometheus' text format, with the queue and Redis read now: at most
   * `sampleTimeoutMs` is spent on them, and what did not answer in time is left out (the queue's
   * gauges) or reported as down (`warroom_redis_up 0`), so a scrape never hangs on Redis.
   */
  async scrape(): Promise<string> {
    this.startDefaultMetrics();
    await Promise.all([this.sampleQueue(), this.sampleRedis()]);
    return this.registry.metrics();
  }

  /**
   * Node.js' and the process's standard metrics (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`,
   * …, unprefixed, as stock dashboards expect), started at the first scrape so that a process nobody
   * scrapes does not pay for them.
   */
  private startDefaultMetrics(): void {
    if (this.defaultsStarted) return;
    this.defaultsStarted = true;
    collectDefaultMetrics({ register: this.registry });
  }

  private async sampleRedis(): Promise<void> {
    if (!this.probe) return;
    this.redisUp.set((await redisAnswers(this.probe, this.sampleTimeoutMs)) ? 1 : 0);
  }

  private async sampleQueue(): Promise<void> {
    const queue = this.queue;
    if (!queue) return;
    const [counts, oldest] = await Promise.all([
      within(queue.getJobCounts(...QUEUE_STATES), this.sampleTimeoutMs),
      // Asc: the list's tail, the job a worker takes next.
      within(queue.getJobs(['waiting'], 0, 0, true), this.sampleTimeoutMs),
    ]);
    this.queueJobs.reset();
    this.oldestWaiting.reset();
    // A gauge with a label is left out once reset, where one without would read 0: hence `queue`.
    const labels = { queue: queue.name };
    if (counts) for (const state of QUEUE_STATES) this.queueJobs.set({ ...labels, state }, counts[state] ?? 0);
    if (oldest) this.oldestWaiting.set(labels, waitedSeconds(oldest[0], Date.now()));
  }
}

/**
 * How long a waiting job has been ready to run: since it was added (plus its delay), or since its last
 * attempt began when it is a retry (a little more than it waited: the attempt and its backoff count).
 */
export function waitedSeconds(
  job: { timestamp: number; processedOn?: number | undefined; opts: { delay?: number | undefined } } | undefined,
  now: number,
): number {
  if (!job) return 0;
  const ready = Math.max(job.timestamp + (job.opts.delay ?? 0), job.processedOn ?? 0);
  return Math.max(0, now - ready) / 1000;
}

const attached = new WeakMap<object, WarroomMetrics>();
let detached: WarroomMetrics | undefined;

/**
 * Makes `metrics` the one {@link metricsOf} finds for each of `owners` (the services, the job context,
 * the stores a process hands its listeners and job processors).
 */
export function attachMetrics(metrics: WarroomMetrics, ...owners: object[]): void {
  for (const owner of owners) attached.set(owner, metrics);
}

/**
 * The metrics attached to `owner`, or one shared instance that nothing serves (for objects a test or
 * the CLI made without metrics), so that recording never needs a check.
 * @example
 * metricsOf(services).observeAck('recorded');
 */
export function metricsOf(owner: object): WarroomMetrics {
  const found = attached.get(owner);
  if (found) return found;
  detached ??= new WarroomMetrics({ role: 'detached' });
  return detached;
}
