/**
 * @module sandbox/pagerduty/events-validate
 * A focused validator for Events API v2 bodies, from events-v2-openapiv3.json and
 * docs/events-API-v2-02-Trigger-Events.md: `routing_key` (32 characters), `event_action`
 * (trigger|acknowledge|resolve), `dedup_key` (≤ 255; required unless triggering), and for a trigger a
 * `payload` with `summary` (≤ 1024), `source` and `severity` (critical|error|warning|info), an
 * optional ISO 8601 `timestamp`, string `component`/`group`/`class` and an object `custom_details`;
 * `links[]` need `href`, `images[]` need `src`. Every problem is listed, as PagerDuty lists them.
 * The two messages seen in real answers ("Length of 'routing_key' is incorrect (should be 32
 * characters)", "'event_action' is missing or blank") are used verbatim; the others follow them.
 */
import { parseTime } from './time.js';

export const EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export const SUMMARY_MAX = 1024;
export const DEDUP_KEY_MAX = 255;
/** "Events API payloads are limited to 512 KB." */
export const PAYLOAD_LIMIT_BYTES = 512 * 1024;

export type EventAction = (typeof EVENT_ACTIONS)[number];

export interface AlertEvent {
  routingKey: string;
  action: EventAction;
  dedupKey?: string;
  payload?: {
    summary: string;
    source: string;
    severity: (typeof SEVERITIES)[number];
    timestamp?: string;
    component?: string;
    group?: string;
    class?: string;
    customDetails?: Record<string, unknown>;
  };
  client?: string;
  clientUrl?: string;
  links: { href: string; text?: string }[];
  images: { src: string; href?: string; alt?: string }[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

class Problems {
  readonly list: string[] = [];

  string(value: unknown, name: string, required: boolean, max?: number): string | undefined {
    if (blank(value)) {
      if (required) this.list.push(`'${name}' is missing or blank`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.list.push(`'${name}' must be a string`);
      return undefined;
    }
    if (max !== undefined && value.length > max) this.list.push(`'${name}' is too long (maximum is ${max} characters)`);
    return value;
  }

  oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T | undefined {
    if (blank(value)) {
      this.list.push(`'${name}' is missing or blank`);
      return undefined;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.list.push(`'${name}' is invalid (must be one of: ${allowed.join(', ')})`);
      return undefined;
    }
    return value as T;
  }

  url(value: unknown, name: string, required: boolean): string | undefined {
    const text = this.string(value, name, required);
    if (text !== undefined && !URL.canParse(text)) this.list.push(`'${name}' is not a valid URL`);
    return text;
  }

  objects<T>(value: unknown, name: string, read: (item: Json, at: string) => T): T[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.list.push(`'${name}' must be an array`);
      return [];
    }
    return value.flatMap((item, i) => {
      if (!isObject(item)) {
        this.list.push(`'${name}[${i}]' must be an object`);
        return [];
      }
      return [read(item, `${name}[${i}]`)];
    });
  }

  routingKey(value: unknown): string | undefined {
    const key = this.string(value, 'routing_key', true);
    if (key !== undefined && key.length !== 32)
      this.list.push("Length of 'routing_key' is incorrect (should be 32 characters)");
    return key;
  }

  context(body: Json) {
    const links = this.objects(body.links, 'links', (item, at) => ({
      href: this.url(item.href, `${at}.href`, true) ?? '',
      ...(item.text === undefined ? {} : { text: this.string(item.text, `${at}.text`, false) ?? '' }),
    }));
    const images = this.objects(body.images, 'images', (item, at) => ({
      src: this.url(item.src, `${at}.src`, true) ?? '',
      ...(item.href === undefined ? {} : { href: this.url(item.href, `${at}.href`, false) ?? '' }),
      ...(item.alt === undefined ? {} : { alt: this.string(item.alt, `${at}.alt`, false) ?? '' }),
    }));
    return { links, images };
  }
}

function readPayload(problems: Problems, value: unknown): AlertEvent['payload'] {
  if (!isObject(value)) {
    problems.list.push(value === undefined ? "'payload' is missing or blank" : "'payload' must be an object");
    return undefined;
  }
  const summary = problems.string(value.summary, 'payload.summary', true, SUMMARY_MAX);
  const source = problems.string(value.source, 'payload.source', true);
  const severity = problems.oneOf(value.severity, 'payload.severity', SEVERITIES);
  const timestamp = problems.string(value.timestamp, 'payload.timestamp', false);
  if (timestamp !== undefined && parseTime(timestamp) === undefined)
    problems.list.push("'payload.timestamp' is not a valid ISO 8601 timestamp");
  const optional = {
    component: problems.string(value.component, 'payload.component', false),
    group: problems.string(value.group, 'payload.group', false),
    class: problems.string(value.class, 'payload.class', false),
  };
  if (value.custom_details !== undefined && !isObject(value.custom_details))
    problems.list.push("'payload.custom_details' must be an object");
  if (summary === undefined || source === undefined || severity === undefined) return undefined;
  return {
    summary,
    source,
    severity,
    ...(timestamp === undefined ? {} : { timestamp }),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(isObject(value.custom_details) ? { customDetails: value.custom_details } : {}),
  };
}

/** The alert event, or every way the body breaks the contract. */
export function validateAlertEvent(body: Json): { event: AlertEvent } | { problems: string[] } {
  const problems = new Problems();
  const routingKey = problems.routingKey(body.routing_key);
  const action = problems.oneOf(body.event_action, 'event_action', EVENT_ACTIONS);
  const dedupKey = problems.string(
    body.dedup_key,
    'dedup_key',
    action === 'acknowledge' || action === 'resolve',
    DEDUP_KEY_MAX,
  );
  const payload = action === 'trigger' ? readPayload(problems, body.payload) : undefined;
  const client = problems.string(body.client, 'client', false);
  const clientUrl = problems.url(body.client_url, 'client_url', false);
  const { links, images } = problems.context(body);
  if (problems.list.length > 0 || routingKey === undefined || action === undefined) return { problems: problems.list };
  return {
    event: {
      routingKey,
      action,
      ...(dedupKey === undefined ? {} : { dedupKey }),
      ...(payload ? { payload } : {}),
      ...(client === undefined ? {} : { client }),
      ...(clientUrl === undefined ? {} : { clientUrl }),
      links,
      images,
    },
  };
}

export interface ChangeEvent {
  routingKey: string;
  summary: string;
  timestamp?: string;
  source?: string;
  customDetails?: Record<string, unknown>;
  links: { href: string; text?: string }[];
}

/** A change event (`POST /v2/change/enqueue`): a routing key and a payload with a summary. */
export function validateChangeEvent(body: Json): { event: ChangeEvent } | { problems: string[] } {
  const problems = new Problems();
  const routingKey = problems.routingKey(body.routing_key);
  const payload = isObject(body.payload) ? body.payload : undefined;
  if (!payload) problems.list.push("'payload' is missing or blank");
  const summary = problems.string(payload?.summary, 'payload.summary', payload !== undefined, SUMMARY_MAX);
  const timestamp = problems.string(payload?.timestamp, 'payload.timestamp', false);
  if (timestamp !== undefined && parseTime(timestamp) === undefined)
    problems.list.push("'payload.timestamp' is not a valid ISO 8601 timestamp");
  const source = problems.string(payload?.source, 'payload.source', false);
  if (payload?.custom_details !== undefined && !isObject(payload.custom_details))
    problems.list.push("'payload.custom_details' must be an object");
  const { links } = problems.context(body);
  if (problems.list.length > 0 || routingKey === undefined || summary === undefined) return { problems: problems.list };
  return {
    event: {
      routingKey,
      summary,
      ...(timestamp === undefined ? {} : { timestamp }),
      ...(source === undefined ? {} : { source }),
      ...(isObject(payload?.custom_details) ? { customDetails: payload.custom_details } : {}),
      links,
    },
  };
}
