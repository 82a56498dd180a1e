/**
 * @module slack/pacing/priority
 * Who goes first when Slack's budget is short: what a responder is looking at. The board is `high`,
 * the posts and checklists of the step they took are `normal` (also every call nobody ranked), the
 * announcement feed, the channel topic and the bookmark are `low`.
 *
 * A call site says it once, on the context it hands to the work (`atPriority`), and every Web API call
 * made with that context (however deep) is paced at that priority. It is carried explicitly, not in
 * an AsyncLocalStorage: on Node 20 that turns on promise hooks for the whole process, and the ack path
 * (which makes no Slack call at all) paid for them on every promise.
 */
import type { WebClient } from '@slack/web-api';
import { PacedWebClient } from './paced-client.js';

export type SlackPriority = 'high' | 'normal' | 'low';

/**
 * The same client, paced at `priority` (a client that does not pace, as in some tests, is returned
 * as it is).
 * @example
 * const slack = slackAt(ctx.slack, 'low');
 * await slack.conversations.setTopic({ channel, topic });
 */
export function slackAt(slack: WebClient, priority: SlackPriority): WebClient {
  return slack instanceof PacedWebClient ? slack.at(priority) : slack;
}

/** `ctx` with its Slack client paced at `priority`, for work that calls Slack through the context. */
export function atPriority<C extends { slack: WebClient }>(ctx: C, priority: SlackPriority): C {
  const slack = slackAt(ctx.slack, priority);
  return slack === ctx.slack ? ctx : { ...ctx, slack };
}

/** The priority of each thing a refresh keeps current (see queue/refresh.ts). */
export const SURFACE_PRIORITY = {
  board: 'high',
  protocol: 'normal',
  announcement: 'low',
  topic: 'low',
} as const satisfies Record<string, SlackPriority>;
