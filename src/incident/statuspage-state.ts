/**
 * @module incident/statuspage-state
 * What the incident has asked the status page to say and what Statuspage took, folded from its events.
 * Pure.
 */
import type { RecordedEvent } from './events.js';
import { ownEntry } from './own-entry.js';

export interface StatusPagePublish {
  publishId: string;
  name: string | undefined;
  status: string;
  components: Record<string, string>;
  body: string;
  notify: boolean;
  requestedAt: number;
  by: string;
  /** Set once Statuspage took it. */
  publishedAt: number | undefined;
  error: string | undefined;
}

export interface StatusPageState {
  /** The Statuspage incident warroom created (the first publish), then updates. */
  incidentId: string | undefined;
  url: string | undefined;
  /** What the page says now (the last publish Statuspage took). */
  status: string | undefined;
  components: Record<string, string>;
  publishes: Record<string, StatusPagePublish>;
  order: string[];
}

type StatusPageEvent = Extract<
  RecordedEvent,
  { type: 'StatusPagePublishRequested' | 'StatusPagePublished' | 'StatusPagePublishFailed' }
>;

export function evolveStatusPage(page: StatusPageState, event: StatusPageEvent): StatusPageState {
  switch (event.type) {
    case 'StatusPagePublishRequested': {
      const d = event.data;
      return {
        ...page,
        publishes: {
          ...page.publishes,
          [d.publishId]: {
            publishId: d.publishId,
            name: d.name,
            status: d.status,
            components: d.components,
            body: d.body,
            notify: d.notify,
            requestedAt: event.at,
            by: event.actor,
            publishedAt: undefined,
            error: undefined,
          },
        },
        order: [...page.order, d.publishId],
      };
    }
    case 'StatusPagePublished':
    case 'StatusPagePublishFailed': {
      const known = ownEntry(page.publishes, event.data.publishId);
      if (!known) return page;
      if (event.type === 'StatusPagePublishFailed') {
        return {
          ...page,
          publishes: { ...page.publishes, [known.publishId]: { ...known, error: event.data.error } },
        };
      }
      return {
        ...page,
        incidentId: event.data.statuspageIncidentId,
        url: event.data.url ?? page.url,
        status: event.data.status,
        components: { ...page.components, ...event.data.components },
        publishes: {
          ...page.publishes,
          [known.publishId]: { ...known, publishedAt: event.at, error: undefined },
        },
      };
    }
  }
}
