/** @module export/customers — the timeline's customer part: what the status page said, what customers were told. */

import type { Catalog } from '../catalog/schema.js';
import type { EventOf, RecordedEvent } from '../incident/events.js';
import type {
  Audience,
  ComponentStatus,
  CustomerMessageView,
  CustomerUpdateView,
  StatusPageComponentView,
} from './model.js';

/** The message drafts written for customers (templates/messages/): the others are for the team. */
const CUSTOMER_DRAFTS: ReadonlySet<string> = new Set(['status-page', 'customer-notice']);

/**
 * Who an update was written for: the audience it was posted with; for an update recorded without one (logs from
 * before updates carried it), customers when it was written from a customer draft, else the team.
 * @example
 * audienceOf({ text: 'We are investigating', audience: 'customers' }) // 'customers'
 * audienceOf({ text: 'Checkout is failing', draft: 'customer-notice' }) // 'customers'
 * audienceOf({ text: 'Rolling back' }) // 'internal'
 */
export function audienceOf(update: EventOf<'UpdatePosted'>['data']): Audience {
  if (update.audience !== undefined) return update.audience;
  return update.draft !== undefined && CUSTOMER_DRAFTS.has(update.draft) ? 'customers' : 'internal';
}

/**
 * The service the catalog gives a status-page component: the first one that names it, as the incident board shows
 * it; undefined when none does (or the exporter has no catalog).
 * @example
 * serviceOfComponent(templates.catalog, 'k7f2m9x1pq3r') // 'payments-api'
 */
export function serviceOfComponent(catalog: Catalog, componentId: string): string | undefined {
  return Object.values(catalog.services).find((s) => s.statuspage?.component === componentId)?.name;
}

function componentsOf(catalog: Catalog, components: Record<string, ComponentStatus>): StatusPageComponentView[] {
  return Object.entries(components).map(([componentId, status]) => ({
    componentId,
    service: serviceOfComponent(catalog, componentId) ?? null,
    status,
  }));
}

type Requested = Extract<RecordedEvent, { type: 'StatusPagePublishRequested' }>;
type Published = Extract<RecordedEvent, { type: 'StatusPagePublished' }>;
type Failed = Extract<RecordedEvent, { type: 'StatusPagePublishFailed' }>;

/**
 * Every status-page publish asked for, with what became of it, and every update for customers posted in Slack
 * (audienceOf), in the order customers saw them (or would have): a publish at the time Statuspage took it, or refused
 * it, or, with no answer yet, was asked for. A publish Statuspage took shows what it took; one it refused shows what
 * was asked for, with Statuspage's message. Internal updates are left out.
 * @example
 * customersToldOf(log, templates.catalog).map((m) => m.via) // ['slack', 'status-page', 'status-page']
 */
export function customersToldOf(log: readonly RecordedEvent[], catalog: Catalog): CustomerMessageView[] {
  const requests = new Map<string, Requested>();
  const published = new Map<string, Published>();
  const refused = new Map<string, Failed>();
  const told: { message: CustomerMessageView; seq: number }[] = [];
  for (const event of log) {
    if (event.type === 'StatusPagePublishRequested' && !requests.has(event.data.publishId)) {
      requests.set(event.data.publishId, event);
    }
    // The first time Statuspage took it is when customers saw it; a retry's later answer changes nothing.
    if (event.type === 'StatusPagePublished' && !published.has(event.data.publishId)) {
      published.set(event.data.publishId, event);
    }
    if (event.type === 'StatusPagePublishFailed') refused.set(event.data.publishId, event);
    if (event.type === 'UpdatePosted' && audienceOf(event.data) === 'customers') {
      const message: CustomerUpdateView = {
        via: 'slack',
        at: event.at,
        by: event.actor,
        draft: event.data.draft ?? null,
        text: event.data.text,
      };
      told.push({ message, seq: event.seq });
    }
  }
  for (const [publishId, request] of requests) {
    const asked = request.data;
    const took = published.get(publishId);
    const failure = took ? undefined : refused.get(publishId);
    const answer = took ?? failure ?? request;
    const said = took?.data ?? asked;
    told.push({
      seq: answer.seq,
      message: {
        via: 'status-page',
        publishId,
        outcome: took ? 'published' : failure ? 'refused' : 'requested',
        at: answer.at,
        requestedAt: request.at,
        requestedBy: request.actor,
        name: asked.name ?? null,
        status: said.status,
        components: componentsOf(catalog, said.components),
        body: said.body,
        notify: asked.notify,
        statuspageIncidentId: took?.data.statuspageIncidentId ?? null,
        url: took?.data.url ?? null,
        error: failure?.data.error ?? null,
      },
    });
  }
  return told.sort((a, b) => a.message.at - b.message.at || a.seq - b.seq).map((t) => t.message);
}
