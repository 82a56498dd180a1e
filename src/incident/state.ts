/**
 * @module incident/state
 * An incident's current state: a fold of its events (`evolve`). Nothing here reads a clock or Redis.
 */

import { declaredState } from './declared-state.js';
import type { RecordedEvent } from './events.js';
import { evolveFollowUps, type FollowUp, isFollowUpEvent } from './followups.js';
import { evolveChanges, type LandedDeploy, type RollbackRecord, type SuspectRecord } from './rollback-state.js';
import { evolveStatusPage, type StatusPageState } from './statuspage-state.js';

export { ownEntry } from './own-entry.js';
export type { PinnedMessage } from './pins.js';
export type { LandedDeploy, RollbackRecord, RollbackStatus, SuspectRecord } from './rollback-state.js';
export { activeRollback, currentSuspect, latestRollback, pendingOfferFor } from './state-queries.js';

import { changePins, isPinEvent, type PinnedMessage } from './pins.js';

export type { StatusPagePublish, StatusPageState } from './statuspage-state.js';

import { evolvePaging, isPagingEvent, type PagingState } from './paging-state.js';
import type { PostmortemState } from './postmortem.js';
import type { Severity } from './severity.js';
import type { Status } from './status.js';

export interface HandoffOffer {
  offerId: string;
  role: string;
  from: string | undefined;
  to: string;
  offeredAt: number;
  expiresAt: number;
}

export interface StepRecord {
  phase: string;
  status: 'done' | 'skipped' | 'blocked';
  at: number;
  by: string;
  inputs: Record<string, string> | undefined;
  reason: string | undefined;
}

export interface IncidentState {
  id: string;
  title: string;
  severity: Severity;
  status: Status;
  summary: string | undefined;
  service: string | undefined;
  private: boolean;
  declaredBy: string;
  declaredIn: string | undefined;
  /** When the declare was typed (epoch ms). */
  declaredAt: number;
  /** Role name → Slack user id. The commander is always seated. */
  roles: Record<string, string>;
  /** Role name → when its current holder was seated (epoch ms). */
  roleSince: Record<string, number>;
  /** Handoff offers not yet accepted, declined, expired or withdrawn, by offer id. */
  offers: Record<string, HandoffOffer>;
  /** The protocol the incident runs (a template name). */
  protocol: string | undefined;
  /** What happened to protocol steps, by step id (absent: not touched yet). */
  steps: Record<string, StepRecord>;
  /** Update reminders are held until this time. */
  snoozedUntil: number | undefined;
  /** When impact began, if someone said it began before the declare. */
  impactStartedAt: number | undefined;
  followUps: FollowUp[];
  channel: { id: string; name: string } | undefined;
  boardTs: string | undefined;
  announcement: { channelId: string; ts: string } | undefined;
  lastUpdate:
    | { text: string; at: number; by: string; audience: 'internal' | 'customers'; nextUpdateBy: number | undefined }
    | undefined;
  /** What was published to the status page, and asked for. */
  statusPage: StatusPageState;
  /** Pages sent through PagerDuty, who was on call, who was invited. */
  paging: PagingState;
  /** Set at the (first) resolve: the postmortem's owner, review day and status. */
  postmortem: PostmortemState | undefined;
  statusSince: number;
  resolvedAt: number | undefined;
  resolution: string | undefined;
  pins: Record<string, PinnedMessage>;
  /** 📌 reactions recorded but whose message is not looked up yet: ts → who reacted. */
  pinRequests: Record<string, string>;
  /** How many times export links were revoked; part of every link's signature. */
  linkGeneration: number;
  /** Every suspect named, in order (the last is the current one). */
  suspects: SuspectRecord[];
  /** Rollbacks confirmed, by id, and their order. */
  rollbacks: Record<string, RollbackRecord>;
  rollbackOrder: string[];
  /** Deploys reported while the incident was open. */
  deploysDuring: LandedDeploy[];
  /** The key metric's baseline, when recorded. */
  metricBaseline:
    | { service: string; label: string; unit: string | undefined; value: number; from: number; to: number }
    | undefined;
  /** When the key metric showed recovery (its first healthy minute), if it did. */
  recovery:
    | {
        at: number;
        service: string;
        label: string;
        unit: string | undefined;
        value: number;
        baseline: number | undefined;
        graph: string | undefined;
      }
    | undefined;
  /** The seq of the last event folded in. */
  version: number;
}

export function commanderOf(state: IncidentState): string {
  return state.roles.commander as string;
}

export function isOpen(state: IncidentState): boolean {
  return state.status !== 'resolved';
}

/** The state after one more event. `undefined` stands for "no incident yet". */
export function evolve(state: IncidentState | undefined, event: RecordedEvent): IncidentState {
  if (event.type === 'IncidentDeclared') return declaredState(event);
  if (!state) throw new Error(`event ${event.type} #${event.seq} before the incident was declared`);
  const next: IncidentState = { ...state, version: event.seq };
  applyEvent(next, state, event);
  return next;
}

/**
 * What `event` changes, written into `next` (a copy of `state` with the version moved, or `state` itself for a fold
 * that owns it): every field it changes gets a new value built from `state`'s, and nothing `state` holds is changed
 * in place, so a state shared with anyone else stays as it was.
 */
function applyEvent(next: IncidentState, state: IncidentState, event: RecordedEvent): void {
  if (isFollowUpEvent(event)) {
    next.followUps = evolveFollowUps(state.followUps, event);
    return;
  }
  if (isPagingEvent(event)) {
    next.paging = evolvePaging(state.paging, event);
    return;
  }
  switch (event.type) {
    case 'ChannelCreated':
      next.channel = { id: event.data.channelId, name: event.data.name };
      break;
    case 'BoardPosted':
      next.boardTs = event.data.ts;
      break;
    case 'AnnouncementPosted':
      next.announcement = { channelId: event.data.channelId, ts: event.data.ts };
      break;
    case 'StatusChanged':
      next.status = event.data.to;
      next.statusSince = event.at;
      break;
    case 'SeverityChanged':
      next.severity = event.data.to;
      break;
    case 'UpdatePosted':
      next.lastUpdate = {
        text: event.data.text,
        at: event.at,
        by: event.actor,
        audience: event.data.audience ?? 'internal',
        nextUpdateBy: event.data.nextUpdateBy,
      };
      // An update resets the cadence clock; a snooze from before it no longer applies.
      next.snoozedUntil = undefined;
      break;
    case 'IncidentResolved':
      next.status = 'resolved';
      next.statusSince = event.at;
      next.resolvedAt = event.at;
      next.resolution = event.data.summary;
      if (event.data.postmortem) {
        next.postmortem = {
          owner: event.data.postmortem.owner,
          reviewDate: event.data.postmortem.reviewDate,
          status: state.postmortem?.status ?? 'draft',
          statusAt: state.postmortem?.statusAt ?? event.at,
        };
      }
      break;
    case 'PostmortemStatusChanged':
      if (state.postmortem) next.postmortem = { ...state.postmortem, status: event.data.status, statusAt: event.at };
      break;
    case 'IncidentReopened':
      next.recovery = undefined;
      next.status = 'investigating';
      next.statusSince = event.at;
      next.resolvedAt = undefined;
      next.resolution = undefined;
      break;
    case 'MessagePinned':
    case 'PinnedMessageEdited':
    case 'MessageUnpinned': {
      const pins = { ...state.pins };
      changePins(pins, event);
      next.pins = pins;
      if (event.type !== 'PinnedMessageEdited' && Object.hasOwn(state.pinRequests, event.data.ts)) {
        next.pinRequests = withoutKey(state.pinRequests, event.data.ts);
      }
      break;
    }
    case 'PinRequested':
      next.pinRequests = { ...state.pinRequests, [event.data.ts]: event.actor };
      break;
    case 'ExportLinksRevoked':
      next.linkGeneration = state.linkGeneration + 1;
      break;
    case 'SuspectNamed':
    case 'RollbackRequested':
    case 'RollbackDispatched':
    case 'RollbackFailed':
    case 'RollbackDeployed':
    case 'DeployLanded':
      Object.assign(next, evolveChanges(state, event));
      break;
    case 'ChangesListed':
      break;
    case 'ServiceChanged':
      next.service = event.data.to;
      break;
    case 'MetricBaselineRecorded':
      next.metricBaseline = { ...event.data, unit: event.data.unit };
      break;
    case 'RecoveryObserved':
      next.recovery = {
        at: event.at,
        service: event.data.service,
        label: event.data.label,
        unit: event.data.unit,
        value: event.data.value,
        baseline: event.data.baseline,
        graph: event.data.graph,
      };
      break;
    case 'StatusPagePublishRequested':
    case 'StatusPagePublished':
    case 'StatusPagePublishFailed':
      next.statusPage = evolveStatusPage(state.statusPage, event);
      break;
    case 'RoleAssigned':
      next.roles = { ...state.roles, [event.data.role]: event.data.user };
      next.roleSince = { ...state.roleSince, [event.data.role]: event.at };
      break;
    case 'RoleUnassigned': {
      const { [event.data.role]: _gone, ...roles } = state.roles;
      const { [event.data.role]: _since, ...roleSince } = state.roleSince;
      next.roles = roles;
      next.roleSince = roleSince;
      break;
    }
    case 'HandoffOffered':
      next.offers = {
        ...state.offers,
        [event.data.offerId]: {
          offerId: event.data.offerId,
          role: event.data.role,
          from: event.data.from,
          to: event.data.to,
          offeredAt: event.at,
          expiresAt: event.data.expiresAt,
        },
      };
      break;
    case 'HandoffAccepted':
      next.roles = { ...state.roles, [event.data.role]: event.data.to };
      next.roleSince = { ...state.roleSince, [event.data.role]: event.at };
      next.offers = withoutOffer(state.offers, event.data.offerId);
      break;
    case 'HandoffDeclined':
    case 'HandoffExpired':
    case 'HandoffWithdrawn':
      next.offers = withoutOffer(state.offers, event.data.offerId);
      break;
    case 'StepCompleted':
    case 'StepSkipped':
    case 'StepBlocked': {
      const status = event.type === 'StepCompleted' ? 'done' : event.type === 'StepSkipped' ? 'skipped' : 'blocked';
      next.steps = {
        ...state.steps,
        [event.data.step]: {
          phase: event.data.phase,
          status,
          at: event.at,
          by: event.actor,
          inputs: event.type === 'StepCompleted' ? event.data.inputs : undefined,
          reason: event.type === 'StepCompleted' ? undefined : event.data.reason,
        },
      };
      break;
    }
    case 'UpdatesSnoozed':
      next.snoozedUntil = event.data.until;
      break;
    case 'ImpactStarted':
      next.impactStartedAt = event.data.startedAt;
      break;
    case 'NoteAdded':
    case 'EffectFailed':
    case 'ProtocolReposted':
      // Nothing but the version moves.
      break;
  }
}

function withoutOffer(offers: Record<string, HandoffOffer>, offerId: string): Record<string, HandoffOffer> {
  return withoutKey(offers, offerId);
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/**
 * A fold that owns what it builds: `evolve` copies the whole state on every event and the pins on every pin event
 * (states stay immutable), which makes a long log with many pins quadratic and a long log slow. This copies the state
 * it starts from once, then changes its own copy in place, event by event (and its own copy of the pins); nothing
 * the state holds is changed in place, only replaced. Each state it returns is changed by the next event, so keep
 * only the latest one.
 */
export function folder(from?: IncidentState): (event: RecordedEvent) => IncidentState {
  let ownPins: Record<string, PinnedMessage> | undefined;
  // The state this fold made and changes (never `from`, which belongs to the caller).
  let own: IncidentState | undefined;
  return (event) => {
    const state = own ?? from;
    if (!state || event.type === 'IncidentDeclared') {
      own = evolve(state, event);
    } else {
      if (state !== own) own = { ...state };
      own.version = event.seq;
      if (isPinEvent(event)) {
        if (own.pins !== ownPins) ownPins = { ...own.pins };
        changePins(ownPins, event);
        own.pins = ownPins;
        if (event.type !== 'PinnedMessageEdited' && Object.hasOwn(own.pinRequests, event.data.ts)) {
          own.pinRequests = withoutKey(own.pinRequests, event.data.ts);
        }
      } else {
        applyEvent(own, own, event);
      }
    }
    return own;
  };
}

/** Folds a whole log. */
export function replay(events: readonly RecordedEvent[], from?: IncidentState): IncidentState | undefined {
  const fold = folder(from);
  let state = from;
  for (const event of events) state = fold(event);
  return state;
}
