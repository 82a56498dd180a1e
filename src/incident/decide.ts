/**
 * @module incident/decide
 * What a responder's command means for an incident: the events to record, a no-op with a note, or a
 * refusal a responder can read. Pure: the state and the command in, the decision out.
 */

import { type ChangeCommand, type ChangeErrorCode, decideChanges } from './decide-changes.js';
import { type CommunicateCommand, type CommunicateErrorCode, decideCommunicate } from './decide-communicate.js';
import { decideFollowUps, type FollowUpCommand, type FollowUpErrorCode } from './decide-followups.js';
import { decidePaging, type PagingCommand, type PagingErrorCode } from './decide-paging.js';
import { decideProtocol, type ProtocolCommand, type ProtocolErrorCode } from './decide-protocol.js';
import { decideRoles, type RoleCommand, type RoleErrorCode } from './decide-roles.js';
import { type NewEvent, newEvent, SYSTEM_ACTOR } from './events.js';
import { postmortemStatusLabel } from './postmortem.js';
import { EMPTY_RULES, protocolNamed, type Rules } from './rules.js';
import { type Severity, severityLabel } from './severity.js';
import { commanderOf, type IncidentState, ownEntry } from './state.js';
import { type Status, statusLabel } from './status.js';

export type DecisionErrorCode =
  | 'no_incident'
  | 'not_commander'
  | 'resolved'
  | 'not_resolved'
  | 'use_resolve'
  | 'already_declared'
  | 'bad_time'
  | 'busy'
  | 'bad_input'
  | RoleErrorCode
  | ProtocolErrorCode
  | ChangeErrorCode
  | CommunicateErrorCode
  | PagingErrorCode
  | FollowUpErrorCode;

export interface DecisionError {
  code: DecisionErrorCode;
  /** Written for the responder: what is wrong and what to do instead. */
  message: string;
}

export type Decision = { ok: true; events: NewEvent[]; note?: string } | { ok: false; error: DecisionError };

export interface Meta {
  actor: string;
  at: number;
}

export type Command =
  | {
      type: 'declare';
      title: string;
      severity: Severity;
      summary?: string | undefined;
      service?: string | undefined;
      private: boolean;
      declaredIn?: string | undefined;
      protocol?: string | undefined;
      pagerduty?:
        | {
            incidentId: string;
            number?: number | undefined;
            url?: string | undefined;
            assignee?: { id: string; name?: string | undefined } | undefined;
          }
        | undefined;
    }
  | { type: 'changeStatus'; to: Status }
  | { type: 'changeSeverity'; to: Severity }
  | {
      type: 'postUpdate';
      text: string;
      audience?: 'internal' | 'customers' | undefined;
      /** When the next update is promised (epoch ms); the cadence counts to it. */
      nextUpdateBy?: number | undefined;
      /** The message draft (templates/messages/<name>.md) it was written from. */
      draft?: string | undefined;
    }
  | { type: 'addNote'; text: string }
  | {
      type: 'resolve';
      summary: string;
      /** The postmortem's owner (default: the commander) and review day (YYYY-MM-DD). */
      postmortemOwner?: string | undefined;
      reviewDate?: string | undefined;
    }
  | { type: 'setPostmortemStatus'; status: 'draft' | 'in_review' | 'published' }
  | { type: 'reopen'; reason: string }
  | { type: 'recordChannel'; channelId: string; name: string }
  | { type: 'recordBoard'; ts: string }
  | { type: 'recordAnnouncement'; channelId: string; ts: string }
  | { type: 'recordEffectFailure'; effect: string; error: string; detail?: string | undefined }
  | { type: 'pinMessage'; channelId: string; ts: string; author: string; text: string; via: 'pin' | 'reaction' }
  | { type: 'editPinnedMessage'; ts: string; text: string }
  | { type: 'unpinMessage'; ts: string; via: 'pin' | 'reaction' | 'deleted' }
  | { type: 'requestPin'; channelId: string; ts: string }
  | { type: 'revokeLinks' }
  | { type: 'markImpactStart'; startedAt: number; evidence?: string | undefined }
  | {
      type: 'recordBaseline';
      service: string;
      label: string;
      unit?: string | undefined;
      value: number;
      from: number;
      to: number;
    }
  | {
      type: 'observeRecovery';
      service: string;
      label: string;
      unit?: string | undefined;
      value: number;
      baseline?: number | undefined;
      graph?: string | undefined;
    }
  | { type: 'setService'; service: string }
  | RoleCommand
  | ProtocolCommand
  | ChangeCommand
  | CommunicateCommand
  | PagingCommand
  | FollowUpCommand;

const ok = (...events: NewEvent[]): Decision => ({ ok: true, events });
const noop = (note: string): Decision => ({ ok: true, events: [], note });
const refuse = (code: DecisionErrorCode, message: string): Decision => ({ ok: false, error: { code, message } });

function mustBeOpen(state: IncidentState, doing: string): Decision | undefined {
  if (state.status !== 'resolved') return undefined;
  return refuse('resolved', `${state.id} is resolved, so you cannot ${doing}; \`/incident reopen <reason>\` first.`);
}

/**
 * Decides one command against the incident's current state (undefined before it is declared).
 * @example
 * decide(state, { type: 'changeStatus', to: 'identified' }, { actor: 'U1', at: Date.now() })
 */
export function decide(
  state: IncidentState | undefined,
  command: Command,
  meta: Meta,
  rules: Rules = EMPTY_RULES,
): Decision {
  if (command.type === 'declare') {
    if (state) return refuse('already_declared', `${state.id} is already declared.`);
    if (command.protocol && Object.keys(rules.protocols).length > 0 && !protocolNamed(rules, command.protocol)) {
      const known = Object.keys(rules.protocols)
        .map((p) => `\`${p}\``)
        .join(', ');
      return refuse('unknown_step', `There is no protocol \`${command.protocol}\`; there are ${known}.`);
    }
    const { type: _type, ...data } = command;
    return ok(newEvent('IncidentDeclared', dropUndefined(data), meta));
  }
  if (!state) return refuse('no_incident', 'There is no such incident.');

  switch (command.type) {
    case 'changeStatus': {
      if (command.to === 'resolved') {
        return refuse('use_resolve', 'To resolve, use `/incident resolve`: it asks for a one-line resolution.');
      }
      const closed = mustBeOpen(state, 'change its status');
      if (closed) return closed;
      if (state.status === command.to) return noop(`Status is already ${statusLabel(command.to)}.`);
      return ok(newEvent('StatusChanged', { from: state.status, to: command.to }, meta));
    }
    case 'changeSeverity': {
      const closed = mustBeOpen(state, 'change its severity');
      if (closed) return closed;
      if (state.severity === command.to) return noop(`Severity is already ${severityLabel(command.to)}.`);
      return ok(newEvent('SeverityChanged', { from: state.severity, to: command.to }, meta));
    }
    case 'postUpdate': {
      if (command.nextUpdateBy !== undefined && command.nextUpdateBy <= meta.at) {
        return refuse('bad_time', 'The next update must be promised for later than now.');
      }
      const { type: _type, ...data } = command;
      return ok(newEvent('UpdatePosted', dropUndefined(data), meta));
    }
    case 'addNote':
      return ok(newEvent('NoteAdded', { text: command.text }, meta));
    case 'resolve': {
      if (state.status === 'resolved') return noop(`${state.id} is already resolved.`);
      // With nobody in command yet (declared by warroom from an alert), anyone in the channel may close it.
      if (meta.actor !== commanderOf(state) && commanderOf(state) !== SYSTEM_ACTOR) {
        return refuse(
          'not_commander',
          `Only the commander (<@${commanderOf(state)}>) can resolve ${state.id}. Ask them, or take command first.`,
        );
      }
      const owner = command.postmortemOwner ?? (commanderOf(state) === SYSTEM_ACTOR ? meta.actor : commanderOf(state));
      const postmortem = { owner, ...(command.reviewDate ? { reviewDate: command.reviewDate } : {}) };
      return ok(newEvent('IncidentResolved', { summary: command.summary, postmortem }, meta));
    }
    case 'setPostmortemStatus': {
      if (state.status !== 'resolved' || !state.postmortem)
        return refuse('not_resolved', `${state.id} is still open; its postmortem starts when it is resolved.`);
      if (state.postmortem.status === command.status)
        return noop(`The postmortem is ${postmortemStatusLabel(command.status)} already.`);
      return ok(newEvent('PostmortemStatusChanged', { status: command.status }, meta));
    }
    case 'reopen':
      if (state.status !== 'resolved') return refuse('not_resolved', `${state.id} is still open; nothing to reopen.`);
      return ok(newEvent('IncidentReopened', { reason: command.reason }, meta));
    case 'recordChannel':
      if (state.channel) return noop('The channel is already recorded.');
      return ok(newEvent('ChannelCreated', { channelId: command.channelId, name: command.name }, meta));
    case 'recordBoard':
      if (state.boardTs) return noop('The board is already recorded.');
      return ok(newEvent('BoardPosted', { ts: command.ts }, meta));
    case 'recordAnnouncement':
      if (state.announcement) return noop('The announcement is already recorded.');
      return ok(newEvent('AnnouncementPosted', { channelId: command.channelId, ts: command.ts }, meta));
    case 'recordEffectFailure':
      return ok(
        newEvent(
          'EffectFailed',
          dropUndefined({ effect: command.effect, error: command.error, detail: command.detail }),
          meta,
        ),
      );
    case 'pinMessage': {
      if (!SLACK_TS.test(command.ts)) return refuse('bad_input', 'That is not a Slack message.');
      const pin = ownEntry(state.pins, command.ts);
      if (pin?.via.includes(command.via)) return noop('That message is already on the timeline.');
      // A 📌 is pinned once its message is looked up, and only if the reaction is still on.
      if (command.via === 'reaction' && ownEntry(state.pinRequests, command.ts) === undefined) {
        return noop('The 📌 was taken off before the message was looked up.');
      }
      const { type: _type, ...data } = command;
      return ok(newEvent('MessagePinned', data, meta));
    }
    case 'requestPin': {
      if (!SLACK_TS.test(command.ts)) return refuse('bad_input', 'That is not a Slack message.');
      if (ownEntry(state.pins, command.ts)?.via.includes('reaction'))
        return noop('That message is already on the timeline.');
      if (ownEntry(state.pinRequests, command.ts) !== undefined) return noop('That 📌 is already recorded.');
      return ok(newEvent('PinRequested', { channelId: command.channelId, ts: command.ts, via: 'reaction' }, meta));
    }
    case 'revokeLinks':
      return ok(newEvent('ExportLinksRevoked', {}, meta));
    case 'editPinnedMessage': {
      const pin = ownEntry(state.pins, command.ts);
      if (!pin || pin.text === command.text) return noop('Nothing to change on the timeline.');
      return ok(newEvent('PinnedMessageEdited', { ts: command.ts, text: command.text }, meta));
    }
    case 'unpinMessage': {
      const pin = ownEntry(state.pins, command.ts);
      const requested = ownEntry(state.pinRequests, command.ts) !== undefined && command.via !== 'pin';
      if (!requested && (!pin || (command.via !== 'deleted' && !pin.via.includes(command.via)))) {
        return noop('That message is not on the timeline.');
      }
      return ok(newEvent('MessageUnpinned', { ts: command.ts, via: command.via }, meta));
    }
    case 'markImpactStart':
      if (command.startedAt > meta.at) return refuse('bad_time', 'Impact cannot start in the future.');
      if (command.startedAt > state.declaredAt) {
        return refuse(
          'bad_time',
          'That is after the incident was declared; impact start is for impact that began before the declare.',
        );
      }
      if (state.impactStartedAt === command.startedAt) return noop('That start time is already recorded.');
      return ok(
        newEvent(
          'ImpactStarted',
          dropUndefined({ startedAt: command.startedAt, evidence: command.evidence?.slice(0, 500) }),
          meta,
        ),
      );
    case 'recordBaseline': {
      if (state.metricBaseline?.service === command.service && state.metricBaseline.to === command.to) {
        return noop('The baseline is already recorded.');
      }
      const { type: _type, ...data } = command;
      return ok(newEvent('MetricBaselineRecorded', dropUndefined(data), meta));
    }
    case 'observeRecovery': {
      if (state.status === 'resolved' || state.recovery) return noop('Recovery is already recorded.');
      const { type: _type, ...data } = command;
      return ok(newEvent('RecoveryObserved', dropUndefined(data), meta));
    }
    case 'setService': {
      const closed = mustBeOpen(state, 'change its service');
      if (closed) return closed;
      if (state.service === command.service) return noop(`The service is already ${command.service}.`);
      return ok(newEvent('ServiceChanged', dropUndefined({ from: state.service, to: command.service }), meta));
    }
    case 'addFollowUp':
    case 'requestFollowUpIssue':
    case 'recordFollowUpFiled':
    case 'recordFollowUpFilingFailed':
    case 'markFollowUpDone':
      return decideFollowUps(state, command, meta);
    case 'assignRole':
    case 'unassignRole':
    case 'offerHandoff':
    case 'acceptHandoff':
    case 'declineHandoff':
    case 'expireHandoff':
      return decideRoles(state, command, meta, rules.roles);
    case 'completeStep':
    case 'skipStep':
    case 'blockStep':
    case 'snoozeUpdates':
    case 'repostProtocol':
      return decideProtocol(state, command, meta, rules);
    case 'listChanges':
    case 'nameSuspect':
    case 'requestRollback':
    case 'recordRollbackDispatched':
    case 'recordRollbackFailed':
    case 'recordDeploy':
      return decideChanges(state, command, meta, rules);
    case 'requestStatusPagePublish':
    case 'recordStatusPagePublished':
    case 'recordStatusPagePublishFailed':
      return decideCommunicate(state, command, meta, rules);
    case 'requestPage':
    case 'invitePerson': {
      const closed = mustBeOpen(state, command.type === 'requestPage' ? 'page anyone for it' : 'invite anyone to it');
      return closed ?? decidePaging(state, command, meta);
    }
    case 'recordPageSent':
    case 'recordPageFailed':
    case 'recordPageAcknowledged':
    case 'recordPageResolved':
    case 'recordOnCall':
      return decidePaging(state, command, meta);
  }
}

const SLACK_TS = /^\d+\.\d+$/;

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
