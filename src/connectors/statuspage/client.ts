/**
 * @module connectors/statuspage/client
 * warroom's Statuspage client (REST API v1, fetch, JSON bodies): create an incident with its first
 * update, add updates (resolving is an update), read one, list the unresolved ones, find the one
 * warroom created by the marker it put in its metadata, and list the page's components. It never
 * retries or sleeps: every failure is a ConnectorError that says whether the job's retry can help and
 * when, per the table in ./errors.ts (401, 404, 422 and other 4xx final; 420/429 after Retry-After or
 * 60 s; 5xx, lost answers and timeouts retryable, and for a create or an update "may have been
 * published all the same"). The key goes only in `Authorization: OAuth <key>`, never in a URL or a
 * detail.
 */
import type { z } from 'zod';
import { withoutSecrets } from '../answer-text.js';
import { ConnectorError, isConnectorError } from '../errors.js';
import { deadline, networkReason } from '../network.js';
import { type StatuspageCallSubject, statuspageAnswerError, statuspageNetworkError } from './errors.js';
import {
  type ComponentStatus,
  componentSchema,
  containsMarker,
  type IncidentStatus,
  incidentSchema,
  markerHasValue,
  type StatuspageComponent,
  type StatuspageIncident,
  toStatuspageIncident,
} from './incident.js';

export type {
  ComponentStatus,
  IncidentStatus,
  StatuspageComponent,
  StatuspageIncident,
  StatuspageUpdate,
} from './incident.js';

export interface StatuspageClientOptions {
  /** `https://api.statuspage.io/v1/` (config's default), or an emulator's URL. */
  apiUrl: string;
  /** Sent as `Authorization: OAuth <key>`. */
  apiKey: string;
  pageId: string;
  /** Give up on one request after this long (default 10 s). */
  timeoutMs?: number;
}

export interface NewStatuspageIncident {
  /** At most 255 characters. */
  name: string;
  status: IncidentStatus;
  /** The first update's text (at most 25,000 characters). */
  body: string;
  /** Component id → the status to set it to. */
  components: Record<string, ComponentStatus>;
  /** False publishes without emailing or texting subscribers. */
  deliverNotifications: boolean;
  /** Statuspage requires every top-level value to be an object: `{ warroom: { incident: 'INC-42' } }`. */
  metadata: Record<string, Record<string, unknown>>;
}

export interface StatuspageIncidentUpdate {
  status: IncidentStatus;
  body: string;
  components: Record<string, ComponentStatus>;
  deliverNotifications: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const PER_PAGE = 100;
/** A page with more than 1,000 unresolved incidents or components is not one warroom can reason about. */
const MAX_PAGES = 10;

interface Reply {
  status: number;
  text: string;
}

/**
 * @example
 * const statuspage = new StatuspageClient({ apiUrl: 'https://api.statuspage.io/v1/', apiKey, pageId });
 * const marker = { warroom: { incident: 'INC-42', install: 'warroom' } };
 * const incident = (await statuspage.findByMarker(marker)) ?? (await statuspage.createIncident({
 *   name: 'Checkout is failing', status: 'investigating', body: 'We are looking into failed checkouts.',
 *   components: { chk0ut000001: 'major_outage' }, deliverNotifications: true, metadata: marker }));
 */
export class StatuspageClient {
  private readonly base: string;
  private readonly host: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: StatuspageClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.host = new URL(options.apiUrl).host;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * Publishes a new incident with its first update. A retryable failure leaves it unknown whether it
   * was published: call `findByMarker(input.metadata)` before creating it again.
   */
  async createIncident(input: NewStatuspageIncident): Promise<StatuspageIncident> {
    const body = {
      incident: {
        name: input.name,
        status: input.status,
        body: input.body,
        components: input.components,
        deliver_notifications: input.deliverNotifications,
        metadata: input.metadata,
      },
    };
    const subject: StatuspageCallSubject = { action: 'create', pageId: this.options.pageId };
    const reply = await this.send('POST', `${this.pagePath()}/incidents`, subject, body);
    return toStatuspageIncident(this.read(reply, incidentSchema, 'an incident', subject));
  }

  /**
   * Adds an update to incident `id` (a PATCH), setting its status and the components named; resolving
   * is an update with status `resolved` (Statuspage leaves components as they are unless told).
   */
  async updateIncident(id: string, input: StatuspageIncidentUpdate): Promise<StatuspageIncident> {
    const body = {
      incident: {
        status: input.status,
        body: input.body,
        components: input.components,
        deliver_notifications: input.deliverNotifications,
      },
    };
    const subject: StatuspageCallSubject = { action: 'update', pageId: this.options.pageId, incidentId: id };
    const reply = await this.send('PATCH', this.incidentPath(id), subject, body);
    return toStatuspageIncident(this.read(reply, incidentSchema, 'an incident', subject));
  }

  async getIncident(id: string): Promise<StatuspageIncident> {
    const subject: StatuspageCallSubject = { action: 'read', pageId: this.options.pageId, incidentId: id };
    const reply = await this.send('GET', this.incidentPath(id), subject);
    return toStatuspageIncident(this.read(reply, incidentSchema, 'an incident', subject));
  }

  /** The page's incidents that are not resolved, newest first (as the API lists them). */
  async listUnresolved(): Promise<StatuspageIncident[]> {
    const list = await this.allPages(`${this.pagePath()}/incidents/unresolved`, incidentSchema, 'incidents');
    return list.map(toStatuspageIncident);
  }

  /**
   * The unresolved incident whose metadata holds `marker` (objects compared key by key, other values
   * with ===), the newest if there are several; undefined when none does. An incident created already
   * resolved is not among the unresolved, so it cannot be found this way.
   * @example
   * await statuspage.findByMarker({ warroom: { incident: 'INC-42', install: 'warroom' } })
   */
  async findByMarker(marker: Record<string, unknown>): Promise<StatuspageIncident | undefined> {
    if (!markerHasValue(marker))
      throw new ConnectorError({
        system: 'statuspage',
        status: undefined,
        retryable: false,
        detail: 'An empty marker would match every Statuspage incident: give it at least one value',
      });
    const unresolved = await this.listUnresolved();
    return unresolved.find((incident) => containsMarker(incident.metadata, marker));
  }

  /** The page's components in page order, with their status now. */
  async components(): Promise<StatuspageComponent[]> {
    const list = await this.allPages(`${this.pagePath()}/components`, componentSchema, 'components');
    return list.map((c) => ({ id: c.id, name: c.name, status: c.status ?? '' }));
  }

  private pagePath(): string {
    return `/pages/${encodeURIComponent(this.options.pageId)}`;
  }

  private incidentPath(id: string): string {
    return `${this.pagePath()}/incidents/${encodeURIComponent(id)}`;
  }

  /** Every item of a paged list (`page`, `per_page`), until a short page. */
  private async allPages<T>(path: string, item: z.ZodType<T>, plural: string): Promise<T[]> {
    const subject: StatuspageCallSubject = { action: 'read', pageId: this.options.pageId };
    const schema = item.array();
    const found: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const reply = await this.send('GET', `${path}?page=${page}&per_page=${PER_PAGE}`, subject);
      const items = this.read(reply, schema, `a list of ${plural}`, subject);
      found.push(...items);
      if (items.length < PER_PAGE) break;
    }
    return found;
  }

  private async send(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    subject: StatuspageCallSubject,
    body?: unknown,
  ): Promise<Reply> {
    const { signal, expired } = deadline(this.timeoutMs);
    try {
      const response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `OAuth ${this.options.apiKey}`,
          accept: 'application/json',
          'user-agent': 'warroom',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
      });
      const text = await response.text();
      if (response.status >= 400)
        throw statuspageAnswerError(
          { status: response.status, headers: Object.fromEntries(response.headers), text },
          subject,
        );
      return { status: response.status, text };
    } catch (error) {
      throw this.redacted(
        isConnectorError(error)
          ? error
          : statuspageNetworkError(
              this.host,
              expired() ? { timedOutAfterMs: this.timeoutMs, message: 'timeout' } : { message: networkReason(error) },
              subject,
              error,
            ),
      );
    }
  }

  /** The answer's body per `schema`; a 2xx warroom cannot read is final (and says a write was done). */
  private read<T>(reply: Reply, schema: z.ZodType<T>, what: string, subject: StatuspageCallSubject): T {
    let json: unknown;
    try {
      json = JSON.parse(reply.text);
    } catch {
      json = undefined;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    const done =
      subject.action === 'create'
        ? '; the incident was published, so find it by its marker rather than creating it again'
        : subject.action === 'update'
          ? '; the update was published'
          : '';
    throw this.redacted(
      new ConnectorError({
        system: 'statuspage',
        status: reply.status,
        retryable: false,
        detail: `Statuspage answered ${reply.status} with ${what} warroom cannot read (${where}${json === undefined ? 'not JSON' : (issue?.message ?? 'unexpected shape')})${done}`,
      }),
    );
  }

  private redacted(error: ConnectorError): ConnectorError {
    const detail = withoutSecrets(error.detail, this.options.apiKey);
    if (detail === error.detail) return error;
    const { system, status, retryable, retryAfterMs, cause } = error;
    return new ConnectorError({ system, status, retryable, retryAfterMs, detail, cause });
  }
}
