/** @module export/entry-text — how each event of the log reads as a timeline entry in the postmortem. */

import { formatDuration } from '../incident/durations.js';
import type { RecordedEvent } from '../incident/events.js';
import { postmortemStatusLabel } from '../incident/postmortem.js';
import { roleLabel } from '../incident/roles.js';
import type { Rules } from '../incident/rules.js';
import { severityLabel } from '../incident/severity.js';
import type { IncidentState } from '../incident/state.js';
import { statusLabel } from '../incident/status.js';
import { formatMetric } from '../metric/format.js';
import type { NumberedStep } from '../protocol/definition.js';
import { serviceOfComponent } from './customers.js';
import { bothClocks } from './format.js';
import type { EntryKind } from './model.js';

/** What the entry texts need besides the event: the names, the protocol, and the state just before. */
export interface EntryContext {
  rules: Rules;
  /** The incident's protocol steps, numbered (none when it runs no protocol). */
  steps: NumberedStep[];
  timeZone: string;
  name: (user: string) => string;
  before: IncidentState | undefined;
}

/** `, major outage on payments-api`: a component by the service the catalog gives it, else by its id. */
function componentsText(components: Record<string, string>, rules: Rules): string {
  const parts = Object.entries(components).map(
    ([id, status]) => `${status.replaceAll('_', ' ')} on ${serviceOfComponent(rules.catalog, id) ?? id}`,
  );
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}

/** `payments-api 2026.11.28-3 (4f2a1c9) by dana` */
export function deployLabel(deploy: {
  service: string;
  version: string;
  commit?: string | undefined;
  author?: string | undefined;
}): string {
  const commit =
    deploy.commit && !deploy.version.includes(deploy.commit.slice(0, 7)) ? ` (${deploy.commit.slice(0, 7)})` : '';
  const author = deploy.author ? ` by ${deploy.author}` : '';
  return `${deploy.service} ${deploy.version}${commit}${author}`;
}

/** Who PagerDuty says acted: their Slack name when warroom knows it, else PagerDuty's. */
function pagerDutyPerson(
  by: { name?: string | undefined; user?: string | undefined },
  name: (id: string) => string,
): string {
  if (by.user) return name(by.user);
  return by.name ?? 'someone in PagerDuty';
}

function pageLink(url: string | undefined): string {
  return url ? ` (${url})` : '';
}

/** A role as the policy names it. */
function role(ctx: EntryContext, name: string): string {
  return roleLabel(ctx.rules.roles, name);
}

function pagedService(ctx: EntryContext, pageId: string): string {
  const page = ctx.before?.paging.pages[pageId];
  return page ? `${page.service}'s on-call` : 'the on-call';
}

/** The entry's kind and its text, written for someone reading the postmortem. */
export function describeEvent(event: RecordedEvent, ctx: EntryContext): { kind: EntryKind; text: string } {
  // No function made here, per event: `role` is one of the module's.
  const { name } = ctx;
  switch (event.type) {
    case 'IncidentDeclared': {
      const { data } = event;
      const service = data.service ? ` (service: ${data.service})` : '';
      const visibility = data.private ? ', private' : '';
      return {
        kind: 'declared',
        text: `Declared ${severityLabel(data.severity)}${visibility}: ${data.title}${service}. Commander: ${name(event.actor)}`,
      };
    }
    case 'ChannelCreated':
      return { kind: 'system', text: `Incident channel #${event.data.name} created` };
    case 'BoardPosted':
      return { kind: 'system', text: 'Incident board posted in the channel' };
    case 'AnnouncementPosted':
      return { kind: 'system', text: `Incident announced in the feed channel (${event.data.channelId})` };
    case 'EffectFailed': {
      const detail = event.data.detail ? ` (${event.data.detail})` : '';
      return { kind: 'system', text: `Slack action "${event.data.effect}" failed: ${event.data.error}${detail}` };
    }
    case 'ProtocolReposted':
      return { kind: 'system', text: 'Protocol checklist posted again' };
    case 'UpdatesSnoozed':
      return { kind: 'system', text: `Update reminders snoozed for ${formatDuration(event.data.until - event.at)}` };
    case 'ImpactStarted': {
      const declaredAt = ctx.before?.declaredAt ?? event.at;
      const gap = formatDuration(Math.abs(declaredAt - event.data.startedAt));
      const side = event.data.startedAt <= declaredAt ? 'before' : 'after';
      return {
        kind: 'impact',
        text: `Impact start set to ${bothClocks(event.data.startedAt, ctx.timeZone)}, ${gap} ${side} the declare${event.data.evidence ? `, by the metric: ${event.data.evidence}` : ''}`,
      };
    }
    case 'StatusChanged': {
      const { data } = event;
      const step = data.step ? ctx.steps.find((s) => s.step.id === data.step) : undefined;
      const why = data.step ? `step: ${step?.step.title ?? data.step}` : `was ${statusLabel(data.from)}`;
      return { kind: 'status', text: `Status → ${statusLabel(data.to)} (${why})` };
    }
    case 'SeverityChanged':
      return {
        kind: 'severity',
        text: `Severity → ${severityLabel(event.data.to)} (was ${severityLabel(event.data.from)})`,
      };
    case 'UpdatePosted':
      return { kind: 'update', text: `Status update posted: ${event.data.text}` };
    case 'NoteAdded':
      return { kind: 'note', text: `Note: ${event.data.text}` };
    case 'IncidentResolved': {
      const pm = event.data.postmortem;
      const owner = pm ? `. Postmortem: ${name(pm.owner)}${pm.reviewDate ? `, review on ${pm.reviewDate}` : ''}` : '';
      return { kind: 'resolved', text: `Resolved: ${event.data.summary}${owner}` };
    }
    case 'PostmortemStatusChanged':
      return { kind: 'system', text: `Postmortem → ${postmortemStatusLabel(event.data.status)}` };
    case 'IncidentReopened':
      return { kind: 'reopened', text: `Reopened: ${event.data.reason}` };
    case 'MessagePinned': {
      const how = event.data.via === 'pin' ? 'Pinned' : 'Marked 📌';
      return { kind: 'pin', text: `${how} message from ${name(event.data.author)}: ${event.data.text}` };
    }
    case 'PinnedMessageEdited': {
      const author = ctx.before?.pins[event.data.ts]?.author;
      const from = author ? ` from ${name(author)}` : '';
      return { kind: 'pin', text: `Pinned message${from} edited: ${event.data.text}` };
    }
    case 'MessageUnpinned': {
      const author = ctx.before?.pins[event.data.ts]?.author;
      const from = author ? ` from ${name(author)}` : '';
      const what = { pin: 'unpinned', reaction: '📌 removed', deleted: 'deleted' }[event.data.via];
      return { kind: 'pin', text: `Pinned message${from} ${what}` };
    }
    case 'RoleAssigned': {
      const { data } = event;
      const previous = data.previous ? ` (was ${name(data.previous)})` : '';
      return { kind: 'role', text: `${role(ctx, data.role)} → ${name(data.user)}${previous}` };
    }
    case 'RoleUnassigned':
      return {
        kind: 'role',
        text: `${role(ctx, event.data.role)} unassigned (was ${name(event.data.previous)})`,
      };
    case 'HandoffOffered': {
      const { data } = event;
      const from = data.from ? ` from ${name(data.from)}` : '';
      return { kind: 'handoff', text: `Handoff of ${role(ctx, data.role)} offered${from} to ${name(data.to)}` };
    }
    case 'HandoffAccepted': {
      const { data } = event;
      const from = data.from ? ` (handed over by ${name(data.from)})` : '';
      return { kind: 'handoff', text: `Handoff accepted: ${name(data.to)} is now ${role(ctx, data.role)}${from}` };
    }
    case 'HandoffDeclined': {
      const { data } = event;
      const reason = data.reason ? `: ${data.reason}` : '';
      return { kind: 'handoff', text: `Handoff of ${role(ctx, data.role)} declined by ${name(data.to)}${reason}` };
    }
    case 'HandoffExpired':
      return {
        kind: 'handoff',
        text: `Handoff of ${role(ctx, event.data.role)} to ${name(event.data.to)} expired unanswered`,
      };
    case 'HandoffWithdrawn':
      return { kind: 'handoff', text: `Handoff of ${role(ctx, event.data.role)} to ${name(event.data.to)} withdrawn` };
    case 'StepCompleted':
    case 'StepSkipped':
    case 'StepBlocked': {
      const { data } = event;
      const numbered = ctx.steps.find((s) => s.step.id === data.step);
      const label = numbered ? `Step ${numbered.number}` : 'Step';
      if (event.type === 'StepCompleted') {
        const inputs = Object.entries(event.data.inputs ?? {}).map(([id, value]) => {
          const input = numbered?.step.inputs.find((i) => i.id === id);
          return `${input?.label ?? id}: ${value}`;
        });
        const details = inputs.length > 0 ? ` — ${inputs.join('; ')}` : '';
        return { kind: 'step', text: `${label} done: ${data.title}${details}` };
      }
      const verb = event.type === 'StepSkipped' ? 'skipped' : 'blocked';
      return { kind: 'step', text: `${label} ${verb}: ${data.title} (reason: ${event.data.reason})` };
    }
    case 'ExportLinksRevoked':
      return { kind: 'system', text: 'Export links revoked: links given out before no longer open' };
    case 'PinRequested':
      return { kind: 'system', text: `📌 added to a message by ${name(event.actor)}; warroom looks the message up` };
    case 'ChangesListed':
      return {
        kind: 'system',
        text: `Changes before the impact listed: ${event.data.count} ${event.data.count === 1 ? 'deploy' : 'deploys'} in the ${formatDuration(event.data.window)} before it`,
      };
    case 'SuspectNamed': {
      const { deploy, target } = event.data;
      const was = target ? `; before it: ${target.version}` : '';
      return {
        kind: 'change',
        text: `Suspect named by ${name(event.actor)}: ${deployLabel(deploy)}${was}`,
      };
    }
    case 'RollbackRequested':
      return {
        kind: 'change',
        text: `Rollback of ${event.data.service} to ${event.data.target.version} confirmed by ${name(event.actor)}: ${event.data.plan}`,
      };
    case 'RollbackDispatched':
      return { kind: 'change', text: `Rollback started${event.data.remote ? ` (${event.data.remote})` : ''}` };
    case 'RollbackFailed':
      return { kind: 'change', text: `Rollback failed in ${event.data.system}: ${event.data.error}` };
    case 'RollbackDeployed':
      return { kind: 'change', text: `Rollback deployed: ${deployLabel(event.data.deploy)}` };
    case 'DeployLanded': {
      const { deploy } = event.data;
      const verb = event.data.state === 'success' ? 'went live' : `reported ${event.data.state}`;
      const flags = [
        event.data.rollbackId ? 'the rollback' : '',
        event.data.frozen && !event.data.rollbackId ? 'during the deploy freeze' : '',
      ]
        .filter(Boolean)
        .join(', ');
      return { kind: 'change', text: `Deploy ${verb}: ${deployLabel(deploy)}${flags ? ` (${flags})` : ''}` };
    }
    case 'StatusPagePublishRequested':
      return {
        kind: 'statuspage',
        text: `Status-page update asked for by ${name(event.actor)} (${event.data.status}${componentsText(event.data.components, ctx.rules)}): ${event.data.body}`,
      };
    case 'StatusPagePublished':
      return {
        kind: 'statuspage',
        text: `Published on the status page (${event.data.status}${componentsText(event.data.components, ctx.rules)})${event.data.url ? `: ${event.data.url}` : ''}`,
      };
    case 'StatusPagePublishFailed':
      return { kind: 'statuspage', text: `The status page refused the update: ${event.data.error}` };
    case 'PageRequested':
      return {
        kind: 'page',
        text: `${name(event.actor)} paged the on-call for ${event.data.service} through PagerDuty${event.data.reason ? `: ${event.data.reason}` : ''}`,
      };
    case 'PageSent':
      return { kind: 'page', text: `PagerDuty took the page of ${pagedService(ctx, event.data.pageId)}` };
    case 'PageFailed':
      return { kind: 'page', text: `PagerDuty did not take the page: ${event.data.error}` };
    case 'PageAcknowledged':
      return {
        kind: 'page',
        text: `${pagerDutyPerson(event.data.by, name)} acknowledged the page${pageLink(event.data.url)}`,
      };
    case 'PageResolved':
      return {
        kind: 'page',
        text: `The page was resolved in PagerDuty by ${pagerDutyPerson(event.data.by, name)}${pageLink(event.data.url)}`,
      };
    case 'FollowUpFilingRequested':
      return {
        kind: 'followup',
        text: `${name(event.actor)} asked for a follow-up to be filed on GitHub (${event.data.repo})`,
      };
    case 'FollowUpFiled':
      return {
        kind: 'followup',
        text: `Follow-up filed as ${event.data.repo}#${event.data.number}: ${event.data.url}`,
      };
    case 'FollowUpFilingFailed':
      return { kind: 'followup', text: `GitHub did not take the follow-up: ${event.data.error}` };
    case 'FollowUpDone':
      return {
        kind: 'followup',
        text: `Follow-up done: its GitHub issue was closed${event.data.by ? ` by ${event.data.by}` : ''}${event.data.reason ? ` (${event.data.reason.replaceAll('_', ' ')})` : ''}`,
      };
    case 'PersonInvited':
      return {
        kind: 'role',
        text: `${name(event.data.user)} invited to the channel by ${name(event.actor)}${event.data.reason ? `: ${event.data.reason}` : ''}`,
      };
    case 'OnCallSeen':
      return {
        kind: 'system',
        text: event.data.error
          ? `PagerDuty's on-call for ${event.data.service} could not be read: ${event.data.error}`
          : `On call for ${event.data.service} (PagerDuty): ${event.data.people.map((p) => `${p.user ? name(p.user) : p.name} (level ${p.level})`).join(', ') || 'nobody'}`,
      };
    case 'ServiceChanged':
      return {
        kind: 'system',
        text: event.data.from
          ? `Service changed to ${event.data.to} (was ${event.data.from})`
          : `Service set to ${event.data.to}`,
      };
    case 'MetricBaselineRecorded':
      return {
        kind: 'system',
        text: `Baseline of ${event.data.label}: ${formatMetric(event.data.value, event.data.unit)} (the median of the hour before the impact)`,
      };
    case 'RecoveryObserved': {
      const show = (v: number) => formatMetric(v, event.data.unit);
      const baseline = event.data.baseline !== undefined ? `, baseline ${show(event.data.baseline)}` : '';
      return {
        kind: 'impact',
        text: `Impact ended: ${event.data.label} healthy from here (${show(event.data.value)}${baseline})`,
      };
    }
    case 'FollowUpAdded': {
      const owner = event.data.owner ? ` (owner: ${name(event.data.owner)})` : '';
      return { kind: 'followup', text: `Follow-up: ${event.data.text}${owner}` };
    }
  }
}
