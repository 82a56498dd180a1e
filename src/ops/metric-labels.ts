/**
 * @module ops/metric-labels
 * The vocabularies of warroom's metric labels: ack outcomes, append results, queue states, job names,
 * and the shapes Slack method names, error codes and tiers must have. Anything else collapses to
 * `other`, so no label ever carries an incident, channel or user id.
 */
import type { JobName } from '../queue/names.js';

/**
 * What became of a responder's action, as the listener acknowledges it: `recorded` (appended to the
 * log), `duplicate` (a retry of one already recorded), `unchanged` (accepted, nothing to record),
 * `refused` (the domain said no: bad input, not allowed), `busy` (the log changed too fast to decide),
 * `not_recorded` (Redis could not take it), `failed` (an unexpected error).
 */
export type AckOutcome = 'recorded' | 'duplicate' | 'unchanged' | 'refused' | 'busy' | 'not_recorded' | 'failed';
export const ACK_OUTCOMES: readonly AckOutcome[] = [
  'recorded',
  'duplicate',
  'unchanged',
  'refused',
  'busy',
  'not_recorded',
  'failed',
];

/** What an append came to: the store's answer (appended, duplicate, conflict) or `error` (it threw). */
export const APPEND_RESULTS = ['appended', 'duplicate', 'conflict', 'error'] as const;

/** One Slack Web API call, as the client that made it saw it. */
export interface SlackCall {
  /** The Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** Whether Slack answered `ok: true`. */
  ok: boolean;
  /** Slack's error code when it did not (`channel_not_found`), or a transport error's code. */
  error?: string | undefined;
  /** Whether Slack answered 429 (`ratelimited`). */
  rateLimited?: boolean | undefined;
  /** How long the call was held back before it went out (the rate budget, a Retry-After), in ms. */
  waitedMs?: number | undefined;
}

/** The queue states reported as `warroom_queue_jobs{queue, state}`. */
export const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

/** A scrape never waits longer than this for Redis (Prometheus' own timeout is 10 s by default). */
export const SAMPLE_TIMEOUT_MS = 1000;

export const KNOWN_JOBS: Record<JobName, true> = {
  drain: true,
  refresh: true,
  timer: true,
  export: true,
  rollback: true,
  'rollback-watch': true,
  'deploy-landed': true,
  'metric-poll': true,
  'statuspage-publish': true,
  page: true,
  'page-resolve': true,
  oncall: true,
  'followup-issue': true,
  home: true,
};

export const SLACK_METHOD = /^[a-z][a-zA-Z]*(\.[a-zA-Z]+){1,3}$/;
export const SLACK_ERROR = /^[a-z][a-z0-9_]{0,59}$/;
export const TIER = /^[\w.:-]{1,40}$/;

/** A label value of a known shape, or `other` (never an unbounded set). */
export function shaped(value: string | undefined, shape: RegExp): string {
  return value !== undefined && shape.test(value) ? value : 'other';
}

export function jobLabel(name: string | undefined): string {
  if (name === undefined) return 'unknown';
  return Object.hasOwn(KNOWN_JOBS, name) ? name : 'other';
}
