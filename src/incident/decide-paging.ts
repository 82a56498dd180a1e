/**
 * @module incident/decide-paging
 * PagerDuty as responders use it from the incident: paging a service's on-call (a person's decision; a
 * job sends it once), what PagerDuty then says of the page (acknowledged, resolved), who is on call, and
 * bringing someone into the channel without a role.
 */
import { type NewEvent, newEvent } from './events.js';
import type { PagerDutyPerson } from './paging-state.js';
import { pageOf } from './paging-state.js';
import type { IncidentState } from './state.js';

export type PagingCommand =
  | { type: 'requestPage'; pageId: string; service: string; reason?: string | undefined; dedupKey: string }
  | { type: 'recordPageSent'; pageId: string }
  | { type: 'recordPageFailed'; pageId: string; error: string }
  | {
      type: 'recordPageAcknowledged' | 'recordPageResolved';
      pageId?: string | undefined;
      pagerdutyIncidentId?: string | undefined;
      by: Partial<PagerDutyPerson>;
      url?: string | undefined;
    }
  | { type: 'invitePerson'; user: string; reason?: string | undefined }
  | {
      type: 'recordOnCall';
      service: string;
      people: { name: string; user?: string | undefined; level: number }[];
      error?: string | undefined;
    };

export type PagingErrorCode = 'page_unknown';

export type PagingDecision =
  | { ok: true; events: NewEvent[]; note?: string }
  | { ok: false; error: { code: PagingErrorCode; message: string } };

/** The Events API dedup key of a page: one PagerDuty incident per warroom incident and service. */
export function pageDedupKey(install: string, incidentId: string, service: string): string {
  return `warroom/${install}/${incidentId}/${service}`;
}

function clean<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A page of the service still running in PagerDuty (sent or on its way, not failed, not resolved). */
export function openPageOf(state: IncidentState, service: string) {
  return state.paging.order
    .map((id) => state.paging.pages[id])
    .find((p) => p !== undefined && p.service === service && p.error === undefined && p.resolvedAt === undefined);
}

type OnCallCommand = Extract<PagingCommand, { type: 'recordOnCall' }>;

/** Who is on the first level, as a comparable key (a Slack id when known, else the name). */
function firstLevel(people: readonly { name: string; user?: string | undefined; level: number }[]): string {
  const level = Math.min(...people.map((p) => p.level));
  return people
    .filter((p) => p.level === level)
    .map((p) => p.user ?? p.name)
    .sort()
    .join(',');
}

/**
 * How a lookup compares with the last one: `same` (nothing to record), `changed` (the first level's
 * people are others now: a shift boundary), or `new` (the first lookup, another service, an error).
 */
function shiftOf(state: IncidentState, command: OnCallCommand): 'same' | 'changed' | 'new' {
  const last = state.paging.onCall;
  if (!last || last.service !== command.service || last.error || command.error) return 'new';
  const key = (people: readonly { name: string; user?: string | undefined; level: number }[]) =>
    people.map((p) => `${p.level}:${p.user ?? p.name}`).join('|');
  if (key(last.people) === key(command.people)) return 'same';
  if (last.people.length === 0 || command.people.length === 0) return 'new';
  return firstLevel(last.people) === firstLevel(command.people) ? 'new' : 'changed';
}

export function decidePaging(
  state: IncidentState,
  command: PagingCommand,
  meta: { actor: string; at: number },
): PagingDecision {
  const ok = (events: NewEvent[], note?: string): PagingDecision => ({ ok: true, events, ...(note ? { note } : {}) });
  switch (command.type) {
    case 'requestPage': {
      if (Object.hasOwn(state.paging.pages, command.pageId)) return ok([], 'That page is already on its way.');
      const open = openPageOf(state, command.service);
      if (open) {
        const where = open.acknowledgedBy
          ? `acknowledged by ${open.acknowledgedBy.user ? `<@${open.acknowledgedBy.user}>` : (open.acknowledgedBy.name ?? 'someone')}`
          : 'not acknowledged yet; PagerDuty keeps escalating';
        return ok(
          [],
          `${command.service}'s on-call is already paged for ${state.id} (${where}). Nobody was paged again.`,
        );
      }
      const { type: _type, ...data } = command;
      return ok([newEvent('PageRequested', clean(data), meta)]);
    }
    case 'recordPageSent': {
      const page = state.paging.pages[command.pageId];
      if (!page || !Object.hasOwn(state.paging.pages, command.pageId) || page.sentAt !== undefined || page.error)
        return ok([], 'Nothing to record.');
      return ok([newEvent('PageSent', { pageId: page.pageId, dedupKey: page.dedupKey }, meta)]);
    }
    case 'recordPageFailed': {
      const page = state.paging.pages[command.pageId];
      if (!page || !Object.hasOwn(state.paging.pages, command.pageId) || page.sentAt !== undefined || page.error)
        return ok([], 'Nothing to record.');
      return ok([newEvent('PageFailed', { pageId: page.pageId, error: command.error }, meta)]);
    }
    case 'recordPageAcknowledged':
    case 'recordPageResolved': {
      const page = pageOf(state.paging, command);
      if (!page)
        return {
          ok: false,
          error: { code: 'page_unknown', message: `${state.id} has no page for that PagerDuty incident.` },
        };
      const acknowledging = command.type === 'recordPageAcknowledged';
      if (acknowledging ? page.acknowledgedAt !== undefined : page.resolvedAt !== undefined)
        return ok([], 'Already on the timeline.');
      const data = clean({
        pageId: page.pageId,
        pagerdutyIncidentId: command.pagerdutyIncidentId,
        by: clean({ name: command.by.name, user: command.by.user }),
        url: command.url,
      });
      return ok([newEvent(acknowledging ? 'PageAcknowledged' : 'PageResolved', data, meta)]);
    }
    case 'invitePerson': {
      if (state.paging.invited.includes(command.user))
        return ok([], `<@${command.user}> was already invited to ${state.id}.`);
      return ok([newEvent('PersonInvited', clean({ user: command.user, reason: command.reason }), meta)]);
    }
    case 'recordOnCall': {
      const shift = shiftOf(state, command);
      if (shift === 'same') return ok([], 'The on-call is as it was.');
      return ok([
        newEvent(
          'OnCallSeen',
          clean({
            service: command.service,
            people: command.people
              .slice(0, 20)
              .map((p) => clean({ name: p.name.slice(0, 255), user: p.user, level: p.level })),
            error: command.error,
            changed: shift === 'changed' ? true : undefined,
          }),
          meta,
        ),
      ]);
    }
  }
}
