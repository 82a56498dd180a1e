/**
 * @module slack/pacing/paced-client
 * A Web API client that stays under Slack's rate limits instead of reacting to 429s: every call takes a
 * token from the shared budget first (waiting, or refused with a time to retry), at the client's
 * priority (`at(priority)` gives the same client at another one), then goes to Slack as with the plain client. A 429 that still
 * comes (Bolt's own calls, another app on the token) is thrown as before, for BullMQ to retry after
 * `Retry-After`.
 */
import { createHash } from 'node:crypto';
import { ErrorCode, type Logger, type WebAPICallResult, WebClient, type WebClientOptions } from '@slack/web-api';
import { type SlackBudget, SlackBudgetExhaustedError } from './budget.js';
import type { SlackPriority } from './priority.js';
import { bucketsFor } from './tiers.js';

/** One Web API call as it ended (not sent when the budget refused it: see `budgetWait`). */
export interface SlackCallOutcome {
  method: string;
  ok: boolean;
  /** Slack's error code (`channel_not_found`, `ratelimited`) or the client's (`slack_webapi_request_error`). */
  error?: string;
  /** Slack answered 429. */
  rateLimited: boolean;
  /** How long the call waited for the budget before it was sent. */
  waitedMs: number;
}

/** Where the client reports what it did, for metrics (ops/metrics.ts, wired by the process). */
export interface SlackCallObserver {
  /** After every call that was sent. */
  slackCall(e: SlackCallOutcome): void;
  /** When a call waited for the budget (`ms` > 0), and when it gave up waiting (the time it had waited). */
  budgetWait(tier: string, ms: number): void;
}

export interface PacedWebClientOptions extends WebClientOptions {
  budget: SlackBudget;
  observe?: SlackCallObserver;
  /** The priority of this client's calls; `normal` unless said. */
  priority?: SlackPriority;
}

/** A stable name for the workspace a token belongs to, for the budget's keys (never the token itself). */
export function workspaceOf(token: string): string {
  return `t${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

/**
 * @example
 * const slack = new PacedWebClient(token, { budget: new SlackBudget(redis, { keyPrefix, workspace: workspaceOf(token) }) });
 * await slack.at('high').chat.update({ channel, ts, text });
 */
export class PacedWebClient extends WebClient {
  private readonly budget: SlackBudget;
  private readonly observe: SlackCallObserver | undefined;
  private readonly pacingLogger: Logger | undefined;
  private readonly priority: SlackPriority;
  private readonly made: { token: string; options: PacedWebClientOptions };
  /** The same client at each priority, shared by all of them (made once, on first use). */
  private readonly siblings: Map<SlackPriority, PacedWebClient>;

  constructor(token: string, options: PacedWebClientOptions, siblings = new Map<SlackPriority, PacedWebClient>()) {
    const { budget, observe, priority = 'normal', ...clientOptions } = options;
    super(token, clientOptions);
    this.budget = budget;
    this.observe = observe;
    this.pacingLogger = clientOptions.logger;
    this.priority = priority;
    this.made = { token, options };
    this.siblings = siblings;
    if (!siblings.has(priority)) siblings.set(priority, this);
  }

  /** This client with its calls paced at `priority` (the same budget, observer and settings). */
  at(priority: SlackPriority): PacedWebClient {
    const known = this.siblings.get(priority);
    if (known) return known;
    return new PacedWebClient(this.made.token, { ...this.made.options, priority }, this.siblings);
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    // Not a Web API method: the client's own upload helper, whose calls come back through here.
    if (method === 'files.uploadV2') return super.apiCall(method, options);
    const waitedMs = await this.waitForBudget(method, options);
    try {
      const result = await super.apiCall(method, options);
      this.report(() => this.observe?.slackCall({ method, ok: true, rateLimited: false, waitedMs }));
      return result;
    } catch (error) {
      const e = error as { code?: string; data?: { error?: string } };
      const rateLimited = e?.code === ErrorCode.RateLimitedError;
      const code = rateLimited ? 'ratelimited' : (e?.data?.error ?? e?.code ?? 'unknown_error');
      this.report(() => this.observe?.slackCall({ method, ok: false, error: code, rateLimited, waitedMs }));
      throw error;
    }
  }

  /** Takes the call's token; returns how long that took. Redis out of reach: the call goes unpaced. */
  private async waitForBudget(method: string, options: Record<string, unknown>): Promise<number> {
    const started = Date.now();
    try {
      const { waitedMs, tier } = await this.budget.take(method, bucketsFor(method, options), this.priority);
      if (waitedMs > 0) this.report(() => this.observe?.budgetWait(tier, waitedMs));
      return waitedMs;
    } catch (error) {
      if (error instanceof SlackBudgetExhaustedError) {
        const waited = Date.now() - started;
        this.report(() => this.observe?.budgetWait(error.tier, waited));
        throw error;
      }
      // Slack's own 429 still guards the call; losing Slack because Redis hiccuped would be worse.
      this.pacingLogger?.warn(`Slack budget unavailable (${(error as Error)?.message}); ${method} sent unpaced`);
      return Date.now() - started;
    }
  }

  private report(emit: () => void): void {
    try {
      emit();
    } catch (error) {
      this.pacingLogger?.warn(`a Slack call observer threw: ${(error as Error)?.message}`);
    }
  }
}
