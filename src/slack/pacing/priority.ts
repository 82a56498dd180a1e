/**
 * @module slack/pacing/priority
 * Who goes first when Slack's budget is short: what a responder is looking at. The board is `high`,
 * the posts and checklists of the step they took are `normal` (also every call nobody ranked), the
 * announcement feed, the channel topic and the bookmark are `low`.
 *
 * A call site says it once around the work, and every Web API call made inside (however deep) is paced
 * at that priority, through AsyncLocalStorage, so the code that calls Slack does not carry it along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type SlackPriority = 'high' | 'normal' | 'low';

const current = new AsyncLocalStorage<SlackPriority>();

/**
 * Runs `work` with its Slack calls paced at `priority`.
 * @example
 * await withSlackPriority('low', () => ctx.slack.conversations.setTopic({ channel, topic }));
 */
export function withSlackPriority<T>(priority: SlackPriority, work: () => T): T {
  return current.run(priority, work);
}

/** The priority of the call being made now: the innermost `withSlackPriority`, else `normal`. */
export function currentSlackPriority(): SlackPriority {
  return current.getStore() ?? 'normal';
}

/** The priority of each thing a refresh keeps current (see queue/refresh.ts). */
export const SURFACE_PRIORITY = {
  board: 'high',
  protocol: 'normal',
  announcement: 'low',
  topic: 'low',
} as const satisfies Record<string, SlackPriority>;
