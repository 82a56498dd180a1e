/**
 * @module connectors/pagerduty/events
 * warroom's pager: the PagerDuty Events API v2 (`POST <eventsUrl>/v2/enqueue`, JSON, no auth header;
 * the integration's 32-character routing key goes in the body, per events-v2-openapiv3.json). A
 * trigger opens an alert, or joins the open one with the same dedup key, so sending it again after a
 * lost answer pages nobody twice; a resolve closes it (PagerDuty takes and drops a resolve when no
 * alert with that key is open). It never retries or sleeps: every failure is a ConnectorError per
 * ./errors.ts (400 final, quoting PagerDuty; 429 after Retry-After or 30 s; 5xx, lost answers and
 * timeouts retryable). The routing key never appears in a detail.
 */
import { z } from 'zod';
import { exchange, type PagerDutyCall } from './errors.js';

export interface PageTrigger {
  /** The Events API v2 integration key of the service to page. */
  routingKey: string;
  /** warroom's key for the alert (at most 255 characters): the same key joins the same alert. */
  dedupKey: string;
  /** The alert's and the incident's title (at most 1,024 characters). */
  summary: string;
  /** Where the problem is, e.g. `checkout-api` or a host name. */
  source: string;
  severity: 'critical' | 'error' | 'warning' | 'info';
  component?: string;
  links?: { href: string; text: string }[];
  customDetails?: Record<string, unknown>;
  /** The name and URL of what sent the event, shown on the alert (e.g. `warroom` and the incident's Slack channel). */
  client?: string;
  clientUrl?: string;
}

export interface PagerDutyEventsOptions {
  /** `https://events.pagerduty.com`, or an emulator's URL; events go to `<eventsUrl>/v2/enqueue`. */
  eventsUrl: string;
  /** Give up on one request after this long (default 10 s). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The spec's 202 `Success`: `status` is required; `dedup_key` is what correlates later events. */
const acceptedSchema = z.object({
  status: z.string(),
  message: z.string().nullish(),
  dedup_key: z.string().nullish(),
});
const triggeredSchema = acceptedSchema.extend({ dedup_key: z.string().min(1) });

/**
 * @example
 * const pager = new PagerDutyEvents({ eventsUrl: 'https://events.pagerduty.com' });
 * await pager.trigger({ routingKey, dedupKey: 'warroom/INC-42', summary: 'Checkout is failing',
 *   source: 'checkout-api', severity: 'critical', links: [{ href: slackUrl, text: 'Incident channel' }] });
 * // later
 * await pager.resolve({ routingKey, dedupKey: 'warroom/INC-42' });
 */
export class PagerDutyEvents {
  private readonly url: string;
  private readonly timeoutMs: number;

  constructor(options: PagerDutyEventsOptions) {
    this.url = `${options.eventsUrl.replace(/\/+$/, '')}/v2/enqueue`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Pages the service behind `event.routingKey`; 202 → the dedup key as PagerDuty echoed it. */
  async trigger(event: PageTrigger): Promise<{ dedupKey: string }> {
    const body = {
      routing_key: event.routingKey,
      event_action: 'trigger',
      dedup_key: event.dedupKey,
      payload: {
        summary: event.summary,
        source: event.source,
        severity: event.severity,
        ...(event.component === undefined ? {} : { component: event.component }),
        ...(event.customDetails === undefined ? {} : { custom_details: event.customDetails }),
      },
      ...(event.client === undefined ? {} : { client: event.client }),
      ...(event.clientUrl === undefined ? {} : { client_url: event.clientUrl }),
      ...(event.links === undefined || event.links.length === 0 ? {} : { links: event.links }),
    };
    const call: PagerDutyCall = {
      api: 'events',
      what: `the trigger with dedup key ${event.dedupKey}`,
      again: '; PagerDuty may have paged all the same, and sending it again with the same dedup key pages nobody twice',
    };
    const answer = await this.send(body, call, triggeredSchema, event.routingKey);
    return { dedupKey: answer.dedup_key };
  }

  /** Resolves the alert with `dedupKey` (and its incident, once all its alerts are resolved). */
  async resolve(input: { routingKey: string; dedupKey: string }): Promise<void> {
    const body = { routing_key: input.routingKey, event_action: 'resolve', dedup_key: input.dedupKey };
    const call: PagerDutyCall = {
      api: 'events',
      what: `the resolve of dedup key ${input.dedupKey}`,
      again: '; it may have been resolved all the same, and resolving it again is harmless',
    };
    await this.send(body, call, acceptedSchema, input.routingKey);
  }

  private send<T>(body: unknown, call: PagerDutyCall, schema: z.ZodType<T>, routingKey: string): Promise<T> {
    return exchange(
      {
        method: 'POST',
        url: this.url,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'warroom' },
        body,
        timeoutMs: this.timeoutMs,
        secrets: [routingKey],
      },
      call,
      schema,
    );
  }
}
