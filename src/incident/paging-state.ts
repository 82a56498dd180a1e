/**
 * @module incident/paging-state
 * The incident's PagerDuty side, folded from its events: the pages asked for and what PagerDuty made of
 * them, who was on call for the service at the declare, and who was invited without a role.
 */
import type { RecordedEvent } from './events.js';

/** Who PagerDuty says did something: their Slack id when warroom matched them by e-mail. */
export interface PagerDutyPerson {
  name: string | undefined;
  user: string | undefined;
}

export interface PageRecord {
  pageId: string;
  service: string;
  reason: string | undefined;
  dedupKey: string;
  requestedAt: number;
  by: string;
  /** When PagerDuty took it (Events API 202). */
  sentAt: number | undefined;
  error: string | undefined;
  /** The PagerDuty incident the page opened, once a webhook named it. */
  pagerdutyIncidentId: string | undefined;
  url: string | undefined;
  acknowledgedAt: number | undefined;
  acknowledgedBy: PagerDutyPerson | undefined;
  resolvedAt: number | undefined;
}

export interface OnCallPerson {
  name: string;
  user: string | undefined;
  level: number;
}

export interface PagingState {
  pages: Record<string, PageRecord>;
  order: string[];
  /** Who PagerDuty said was on call for the service (the last lookup). */
  onCall:
    | {
        service: string;
        people: OnCallPerson[];
        at: number;
        error: string | undefined;
        /** Who was on the first level before the last shift change seen, if one was. */
        before: OnCallPerson[] | undefined;
      }
    | undefined;
  /** People invited to the channel without a role, in order. */
  invited: string[];
}

export const EMPTY_PAGING: PagingState = { pages: {}, order: [], onCall: undefined, invited: [] };

type PagingEvent = Extract<
  RecordedEvent,
  {
    type:
      | 'PageRequested'
      | 'PageSent'
      | 'PageFailed'
      | 'PageAcknowledged'
      | 'PageResolved'
      | 'PersonInvited'
      | 'OnCallSeen';
  }
>;

const PAGING_TYPES: ReadonlySet<string> = new Set([
  'PageRequested',
  'PageSent',
  'PageFailed',
  'PageAcknowledged',
  'PageResolved',
  'PersonInvited',
  'OnCallSeen',
]);

export function isPagingEvent(event: RecordedEvent): event is PagingEvent {
  return PAGING_TYPES.has(event.type);
}

/** The page a webhook speaks of: named by the page id warroom knows, else by the PagerDuty incident. */
export function pageOf(
  paging: PagingState,
  ref: { pageId?: string | undefined; pagerdutyIncidentId?: string | undefined },
) {
  if (ref.pageId && Object.hasOwn(paging.pages, ref.pageId)) return paging.pages[ref.pageId];
  return Object.values(paging.pages).find((p) => p.pagerdutyIncidentId === ref.pagerdutyIncidentId);
}

function person(by: { name?: string | undefined; user?: string | undefined }): PagerDutyPerson {
  return { name: by.name, user: by.user };
}

export function evolvePaging(paging: PagingState, event: PagingEvent): PagingState {
  const update = (pageId: string | undefined, pdId: string | undefined, change: (p: PageRecord) => PageRecord) => {
    const page = pageOf(paging, { pageId, pagerdutyIncidentId: pdId });
    if (!page) return paging;
    return { ...paging, pages: { ...paging.pages, [page.pageId]: change(page) } };
  };
  switch (event.type) {
    case 'PageRequested': {
      const d = event.data;
      const page: PageRecord = {
        pageId: d.pageId,
        service: d.service,
        reason: d.reason,
        dedupKey: d.dedupKey,
        requestedAt: event.at,
        by: event.actor,
        sentAt: undefined,
        error: undefined,
        pagerdutyIncidentId: undefined,
        url: undefined,
        acknowledgedAt: undefined,
        acknowledgedBy: undefined,
        resolvedAt: undefined,
      };
      return { ...paging, pages: { ...paging.pages, [d.pageId]: page }, order: [...paging.order, d.pageId] };
    }
    case 'PageSent':
      return update(event.data.pageId, undefined, (p) => ({ ...p, sentAt: event.at, error: undefined }));
    case 'PageFailed':
      return update(event.data.pageId, undefined, (p) => ({ ...p, error: event.data.error }));
    case 'PageAcknowledged':
      return update(event.data.pageId, event.data.pagerdutyIncidentId, (p) => ({
        ...p,
        pagerdutyIncidentId: event.data.pagerdutyIncidentId ?? p.pagerdutyIncidentId,
        url: event.data.url ?? p.url,
        acknowledgedAt: p.acknowledgedAt ?? event.at,
        acknowledgedBy: p.acknowledgedBy ?? person(event.data.by),
      }));
    case 'PageResolved':
      return update(event.data.pageId, event.data.pagerdutyIncidentId, (p) => ({
        ...p,
        pagerdutyIncidentId: event.data.pagerdutyIncidentId ?? p.pagerdutyIncidentId,
        url: event.data.url ?? p.url,
        resolvedAt: event.at,
      }));
    case 'PersonInvited':
      return paging.invited.includes(event.data.user)
        ? paging
        : { ...paging, invited: [...paging.invited, event.data.user] };
    case 'OnCallSeen':
      return {
        ...paging,
        onCall: {
          service: event.data.service,
          people: event.data.people.map((p) => ({ name: p.name, user: p.user, level: p.level })),
          at: event.at,
          error: event.data.error,
          before: event.data.changed ? paging.onCall?.people : undefined,
        },
      };
  }
}
