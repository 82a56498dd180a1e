/**
 * @module incident/decide-communicate
 * The status page as a person's decision: comms (or the commander) asks for a publish; warroom records
 * what Statuspage took, or why it refused. A publish completes the protocol's "First status-page
 * message" (and one that says resolved, the all-clear) when the protocol ties them (`completed_by`).
 */
import { completeBy } from './decide-changes.js';
import { type NewEvent, newEvent, type STATUS_PAGE_STATUSES } from './events.js';
import type { Rules } from './rules.js';
import { type IncidentState, ownEntry } from './state.js';

type PageStatus = (typeof STATUS_PAGE_STATUSES)[number];
type ComponentStatus = 'operational' | 'under_maintenance' | 'degraded_performance' | 'partial_outage' | 'major_outage';

export type CommunicateCommand =
  | {
      type: 'requestStatusPagePublish';
      publishId: string;
      name?: string | undefined;
      status: PageStatus;
      components: Record<string, ComponentStatus>;
      body: string;
      notify: boolean;
    }
  | {
      type: 'recordStatusPagePublished';
      publishId: string;
      statuspageIncidentId: string;
      url?: string | undefined;
      status: PageStatus;
      components: Record<string, ComponentStatus>;
      body: string;
    }
  | { type: 'recordStatusPagePublishFailed'; publishId: string; error: string };

export type CommunicateErrorCode = 'not_allowed' | 'publish_pending';

export type CommunicateDecision =
  | { ok: true; events: NewEvent[]; note?: string }
  | { ok: false; error: { code: CommunicateErrorCode; message: string } };

/** Who may speak for the incident on the status page. */
export const PUBLISH_ROLES = ['comms', 'commander'] as const;

/** A publish asked for and not yet taken or refused by Statuspage. */
export function pendingPublish(state: IncidentState) {
  return state.statusPage.order
    .map((id) => state.statusPage.publishes[id])
    .find((p) => p !== undefined && p.publishedAt === undefined && p.error === undefined);
}

export function decideCommunicate(
  state: IncidentState,
  command: CommunicateCommand,
  meta: { actor: string; at: number },
  rules: Rules,
): CommunicateDecision {
  const ok = (events: NewEvent[], note?: string): CommunicateDecision => ({
    ok: true,
    events,
    ...(note ? { note } : {}),
  });
  switch (command.type) {
    case 'requestStatusPagePublish': {
      if (ownEntry(state.statusPage.publishes, command.publishId))
        return ok([], 'That status-page update is already asked for.');
      const holders = PUBLISH_ROLES.map((role) => state.roles[role]).filter(Boolean);
      if (!holders.includes(meta.actor)) {
        const who = holders.map((u) => `<@${u}>`).join(' or ');
        return {
          ok: false,
          error: {
            code: 'not_allowed',
            message: `Only comms or the commander can publish to the status page (${who}); nothing was published.`,
          },
        };
      }
      if (pendingPublish(state)) {
        return {
          ok: false,
          error: {
            code: 'publish_pending',
            message:
              'The last status-page update is still being published; nothing new was sent. Try again in a moment.',
          },
        };
      }
      const { type: _type, name, ...data } = command;
      return ok([newEvent('StatusPagePublishRequested', name ? { ...data, name } : data, meta)]);
    }
    case 'recordStatusPagePublished': {
      const publish = ownEntry(state.statusPage.publishes, command.publishId);
      if (!publish || publish.publishedAt !== undefined) return ok([], 'Nothing to record.');
      const { type: _type, ...data } = command;
      const published = newEvent(
        'StatusPagePublished',
        Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as typeof data,
        meta,
      );
      const events: NewEvent[] = [published, ...completeBy(state, 'status-page-published', command.body, meta, rules)];
      if (command.status === 'resolved')
        events.push(...completeBy(state, 'status-page-resolved', undefined, meta, rules));
      return ok(events);
    }
    case 'recordStatusPagePublishFailed': {
      const publish = ownEntry(state.statusPage.publishes, command.publishId);
      if (!publish || publish.publishedAt !== undefined || publish.error !== undefined)
        return ok([], 'Nothing to record.');
      return ok([newEvent('StatusPagePublishFailed', { publishId: command.publishId, error: command.error }, meta)]);
    }
  }
}
