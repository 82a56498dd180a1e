/**
 * @module connectors/pagerduty/rest
 * warroom's reads of the PagerDuty REST API v2 (`Authorization: Token token=<key>`, the versioned
 * `Accept: application/vnd.pagerduty+json;version=2`, per rest-openapiv3-extract.json): who is on
 * call for an escalation policy, now or at an instant (`GET /oncalls`, every page), and one incident
 * (`GET /incidents/{id}`). It never retries or sleeps: every failure is a ConnectorError per
 * ./errors.ts (401/403 and 404 final; 429 after `ratelimit-reset`; 5xx, lost answers and timeouts
 * retryable). The token goes only in the Authorization header, never in a URL or a detail.
 */
import { z } from 'zod';
import { exchange, type PagerDutyCall } from './errors.js';

export interface PagerDutyRestOptions {
  /** `https://api.pagerduty.com`, or an emulator's URL. */
  apiUrl: string;
  /** An account- or user-level REST API key. */
  token: string;
  /** Give up on one request after this long (default 10 s). */
  timeoutMs?: number;
}

export interface OnCallPerson {
  userId: string;
  name: string;
  email: string | undefined;
  /** 1 is paged first. */
  escalationLevel: number;
  /** The schedule that puts them on call; undefined when the policy names the user directly. */
  scheduleId: string | undefined;
  /** epoch ms; undefined when PagerDuty gives null (always on call) */
  start: number | undefined;
  end: number | undefined;
}

export interface PagerDutyIncidentView {
  id: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  title: string;
  urgency: 'high' | 'low';
  serviceId: string;
  htmlUrl: string;
  /** The dedup key the incident was opened with, when it has one. */
  incidentKey: string | undefined;
  /** Who it is assigned to now (nobody once resolved). */
  assignees: { userId: string; name: string }[];
}

const ACCEPT = 'application/vnd.pagerduty+json;version=2';
const DEFAULT_TIMEOUT_MS = 10_000;
/** The most `limit` PagerDuty takes for classic pagination. */
const PER_PAGE = 100;
/** A policy with more than 1,000 on-call entries at one time is not one warroom can page through. */
const MAX_PAGES = 10;

const date = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a date-time');
const reference = z.object({ id: z.string().min(1), summary: z.string().nullish() });
const oncallSchema = z.object({
  // A full `User` with `include[]=users`, else a `UserReference`.
  user: reference.extend({ name: z.string().nullish(), email: z.string().nullish() }),
  schedule: reference.nullish(),
  escalation_level: z.number().int(),
  start: date.nullish(),
  end: date.nullish(),
});
const oncallPageSchema = z.object({ oncalls: z.array(oncallSchema), more: z.boolean().nullish() });
const incidentSchema = z.object({
  incident: z.object({
    id: z.string().min(1),
    status: z.enum(['triggered', 'acknowledged', 'resolved']),
    title: z.string(),
    urgency: z.enum(['high', 'low']),
    service: reference,
    html_url: z.string(),
    incident_key: z.string().nullish(),
    assignments: z.array(z.object({ assignee: reference.extend({ name: z.string().nullish() }) })).nullish(),
  }),
});

const epochMs = (text: string | null | undefined) => (text ? Date.parse(text) : undefined);

/**
 * @example
 * const pd = new PagerDutyRest({ apiUrl: 'https://api.pagerduty.com', token });
 * const [primary] = await pd.onCalls('PT20YPA'); // level 1 first
 * const later = await pd.onCalls('PT20YPA', Date.parse('2025-06-02T21:00:00Z'));
 */
export class PagerDutyRest {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: PagerDutyRestOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * Who is on call for the policy now, or at `at` (epoch ms): sorted by escalation level, then name;
   * one entry per user per level (the first PagerDuty lists, when schedules or targets repeat them).
   */
  async onCalls(escalationPolicyId: string, at?: number): Promise<OnCallPerson[]> {
    const when = at === undefined ? '' : ` at ${new Date(at).toISOString()}`;
    const call: PagerDutyCall = { api: 'rest', what: `the on-calls of escalation policy ${escalationPolicyId}${when}` };
    const found: OnCallPerson[] = [];
    let offset = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const query = new URLSearchParams([
        ['escalation_policy_ids[]', escalationPolicyId],
        ['include[]', 'users'],
        ['limit', String(PER_PAGE)],
        ['offset', String(offset)],
      ]);
      if (at !== undefined) {
        const instant = new Date(at).toISOString();
        query.set('since', instant);
        query.set('until', instant);
      }
      const answer = await this.get(`/oncalls?${query}`, call, oncallPageSchema);
      for (const entry of answer.oncalls)
        found.push({
          userId: entry.user.id,
          name: entry.user.name ?? entry.user.summary ?? entry.user.id,
          email: entry.user.email ?? undefined,
          escalationLevel: entry.escalation_level,
          scheduleId: entry.schedule?.id,
          start: epochMs(entry.start),
          end: epochMs(entry.end),
        });
      offset += answer.oncalls.length;
      if (!answer.more || answer.oncalls.length === 0) break;
    }
    found.sort((a, b) => a.escalationLevel - b.escalationLevel || a.name.localeCompare(b.name));
    const seen = new Set<string>();
    return found.filter((person) => {
      const key = `${person.escalationLevel}/${person.userId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** One incident by its id (or number), as warroom shows it. */
  async getIncident(id: string): Promise<PagerDutyIncidentView> {
    const call: PagerDutyCall = { api: 'rest', what: `incident ${id}`, notFound: `PagerDuty has no incident ${id}` };
    const { incident } = await this.get(`/incidents/${encodeURIComponent(id)}`, call, incidentSchema);
    return {
      id: incident.id,
      status: incident.status,
      title: incident.title,
      urgency: incident.urgency,
      serviceId: incident.service.id,
      htmlUrl: incident.html_url,
      incidentKey: incident.incident_key ?? undefined,
      assignees: (incident.assignments ?? []).map(({ assignee }) => ({
        userId: assignee.id,
        name: assignee.name ?? assignee.summary ?? assignee.id,
      })),
    };
  }

  private get<T>(path: string, call: PagerDutyCall, schema: z.ZodType<T>): Promise<T> {
    return exchange(
      {
        method: 'GET',
        url: `${this.base}${path}`,
        headers: {
          authorization: `Token token=${this.options.token}`,
          accept: ACCEPT,
          // The extract marks Content-Type required on every operation, GETs included.
          'content-type': 'application/json',
          'user-agent': 'warroom',
        },
        timeoutMs: this.timeoutMs,
        secrets: [this.options.token],
      },
      call,
      schema,
    );
  }
}
