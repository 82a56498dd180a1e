/**
 * @module test/export/fixtures
 * A seeded incident log, built by hand as it would sit in Redis, for the export tests and their golden files;
 * a small log builder for unit tests; and `expectGolden`, which compares with (or, with UPDATE_GOLDEN=1,
 * rewrites) a file under test/golden/.
 *
 * INC-42, "Checkout payments failing", shown in Europe/Madrid. Declared Saturday 24 October 2026 at 23:52
 * CEST (21:52 UTC) and resolved for good on Sunday 25 October at 03:15 CET (02:15 UTC): it spans two days
 * in both UTC and Madrid, and Madrid's clocks go back from 03:00 CEST to 02:00 CET at 01:00 UTC in the
 * middle of it (02:30 happens twice: as GMT+2 at 00:30 UTC and as GMT+1 at 01:30 UTC).
 * It has: a backdated impact start (21:45 UTC, 7 min before the declare), the deploy-rollback protocol (steps
 * done with inputs, one skipped, one blocked then done, two never done), three status updates, notes, a
 * deploy message pinned from before the impact (T-00:06), a graph pinned by 📌 and then edited, a pin taken
 * back, a declined handoff offer then an accepted one, a resolve, a reopen, a second resolve, two follow-ups,
 * a failed Slack effect, and one person whose name is not known (U0KIM0006). It has no suspect, rollback or deploy
 * that warroom saw: its Change section is empty.
 *
 * INC-51 (CHANGED_INCIDENT) has all of those: two suspects named, a failed rollback and a deployed one, deploys during
 * the incident; INC-66 (HOSTILE_DEPLOY_INCIDENT) has them with hostile deploy fields.
 *
 * INC-73 (COMMS_INCIDENT, shown in America/New_York with COMMS_TEMPLATES, whose catalog names one status-page
 * component) told customers things: two status-page publishes, one refused in between, a customer notice posted in
 * Slack, and internal updates; INC-74 (HOSTILE_PUBLISH_INCIDENT) has them with hostile texts and links.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  type DeploySnapshot,
  type EventOf,
  type EventType,
  type RecordedEvent,
  recordedEventSchema,
} from '../../src/incident/events.js';
import { PROJECT_ROOT, TEMPLATES_DIR } from '../../src/paths.js';
import { loadTemplates, type Templates } from '../../src/templates/index.js';

export const TIME_ZONE = 'Europe/Madrid';
export const INCIDENT_ID = 'INC-42';

export const DANA = 'U0DANA001';
export const RAJ = 'U0RAJ0002';
export const LEE = 'U0LEE0003';
export const SAM = 'U0SAM0004';
export const PRIYA = 'U0PRIYA05';
/** Kim posted the deploy message; the export does not know Kim's name. */
export const KIM = 'U0KIM0006';

export const PEOPLE: Record<string, string> = {
  [DANA]: 'Dana',
  [RAJ]: 'Raj',
  [LEE]: 'Lee',
  [SAM]: 'Sam',
  [PRIYA]: 'Priya',
};

/** The moment of the export: the morning after. */
export const NOW = Date.parse('2026-10-26T09:00:00Z');

/** The shipped templates (roles, protocols, postmortem.md). */
export const templates: Templates = loadTemplates(TEMPLATES_DIR);

/** Epoch ms of an ISO time, e.g. `utc('2026-10-24T21:52:00Z')`. */
export function utc(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad time ${iso}`);
  return ms;
}

/** A Slack message timestamp for a message posted at `ms`. */
export function slackTs(ms: number, micro = '000100'): string {
  return `${Math.floor(ms / 1000)}.${micro}`;
}

export interface LogBuilder {
  /** Appends one event, checked against the log's schema; `recordedAt` defaults to `at` + 35 ms. */
  add<T extends EventType>(
    type: T,
    data: EventOf<T>['data'],
    at: number,
    actor: string,
    recordedAt?: number,
  ): RecordedEvent;
  events: RecordedEvent[];
}

/** A log for one incident, seq from 1, every event validated with `recordedEventSchema`. */
export function logBuilder(incidentId = INCIDENT_ID): LogBuilder {
  const events: RecordedEvent[] = [];
  return {
    events,
    add(type, data, at, actor, recordedAt = at + 35) {
      const seq = events.length + 1;
      const event = recordedEventSchema.parse({
        incidentId,
        seq,
        key: `fixture:${seq}`,
        actor,
        at,
        recordedAt,
        type,
        v: 1,
        data,
      }) as RecordedEvent;
      events.push(event);
      return event;
    },
  };
}

const W = 'warroom';

function seededIncident(): RecordedEvent[] {
  const log = logBuilder();
  const t = (hhmmss: string, day = 24) => utc(`2026-10-${day}T${hhmmss}Z`);
  const deployMessage = t('21:38:10');
  const graphMessage = t('22:33:20');
  const coffeeMessage = t('23:00:40');

  log.add(
    'IncidentDeclared',
    {
      title: 'Checkout payments failing',
      severity: 'sev1',
      summary: 'Card payments at checkout time out at the gateway, in the EU and the US.',
      service: 'payments-api',
      private: false,
      declaredIn: 'C0OPS0001',
      protocol: 'deploy-rollback',
    },
    t('21:52:00'),
    DANA,
  );
  log.add(
    'ChannelCreated',
    { channelId: 'C0INC4200', name: 'inc-20261024-checkout-payments-failing' },
    t('21:52:01'),
    W,
  );
  log.add('BoardPosted', { ts: slackTs(t('21:52:02'), '000200') }, t('21:52:02'), W);
  log.add('AnnouncementPosted', { channelId: 'C0INCIDENT', ts: slackTs(t('21:52:02'), '000300') }, t('21:52:02'), W);
  log.add(
    'StepCompleted',
    { step: 'confirm-impact', phase: 'identify', title: 'Confirm impact and blast radius' },
    t('21:55:30'),
    DANA,
  );
  log.add('RoleAssigned', { role: 'ops', user: RAJ }, t('21:56:10'), RAJ);
  log.add('RoleAssigned', { role: 'comms', user: LEE }, t('21:57:00'), DANA);
  log.add('ImpactStarted', { startedAt: t('21:45:00') }, t('21:58:40'), DANA);
  log.add(
    'UpdatePosted',
    {
      text: "Card payments fail for ~40% of EU|US checkouts.\nWe suspect tonight's payments-api deploy. Next update in 20 minutes.",
    },
    t('22:01:15'),
    LEE,
  );
  log.add(
    'StepCompleted',
    { step: 'first-internal-update', phase: 'communicate', title: 'First internal update' },
    t('22:01:20'),
    LEE,
  );
  log.add(
    'StepCompleted',
    { step: 'list-changes', phase: 'identify', title: 'List changes in the last 6 hours' },
    t('22:04:00'),
    RAJ,
  );
  // A pinned message keeps its own time: posted before the impact began, pinned later.
  log.add(
    'MessagePinned',
    {
      channelId: 'C0DEPLOYS',
      ts: slackTs(deployMessage),
      author: KIM,
      text: 'Deploying payments-api 2026.10.24-3 (4f2a1c) to prod, ETA 5 min',
      via: 'pin',
    },
    deployMessage,
    RAJ,
    t('22:05:02'),
  );
  log.add(
    'StepCompleted',
    {
      step: 'name-suspect',
      phase: 'identify',
      title: 'Name the suspect change',
      inputs: { change: 'payments-api release 2026.10.24-3 (4f2a1c)' },
    },
    t('22:09:00'),
    RAJ,
  );
  log.add('StatusChanged', { from: 'investigating', to: 'identified', step: 'name-suspect' }, t('22:09:00'), RAJ);
  log.add(
    'StepCompleted',
    { step: 'decide-rollback', phase: 'identify', title: 'Decide: roll back first, debug later' },
    t('22:10:30'),
    DANA,
  );
  log.add(
    'StepSkipped',
    {
      step: 'freeze-deploys',
      phase: 'rollback',
      title: 'Freeze further deploys',
      reason: 'Deploys are already frozen for the weekend',
    },
    t('22:11:00'),
    RAJ,
  );
  log.add(
    'StepCompleted',
    { step: 'start-rollback', phase: 'rollback', title: 'Start the rollback', inputs: { target: '2026.10.24-2' } },
    t('22:12:00'),
    RAJ,
  );
  log.add('StatusChanged', { from: 'identified', to: 'mitigating', step: 'start-rollback' }, t('22:12:00'), RAJ);
  log.add(
    'NoteAdded',
    { text: 'Rolling back rather than hot-fixing: the fix needs a schema change.' },
    t('22:14:00'),
    DANA,
  );
  log.add(
    'StepCompleted',
    { step: 'first-status-page', phase: 'communicate', title: 'First status-page message' },
    t('22:15:00'),
    LEE,
  );
  log.add(
    'StepBlocked',
    {
      step: 'confirm-deployed',
      phase: 'rollback',
      title: 'Confirm the rollback is deployed',
      reason: 'eu-west-1 is stuck on the old autoscaling group',
    },
    t('22:20:00'),
    RAJ,
  );
  log.add('UpdatePosted', { text: 'Rollback to 2026.10.24-2 under way: EU done, US in progress.' }, t('22:24:00'), LEE);
  log.add(
    'StepCompleted',
    { step: 'confirm-deployed', phase: 'rollback', title: 'Confirm the rollback is deployed' },
    t('22:31:00'),
    RAJ,
  );
  log.add(
    'MessagePinned',
    {
      channelId: 'C0INC4200',
      ts: slackTs(graphMessage),
      author: RAJ,
      text: 'p99 latency graph: https://grafana.example.com/d/checkout-errors',
      via: 'reaction',
    },
    graphMessage,
    LEE,
    t('22:34:01'),
  );
  log.add(
    'StepCompleted',
    {
      step: 'verify-recovery',
      phase: 'rollback',
      title: 'Verify recovery on the key metric',
      inputs: { evidence: 'https://grafana.example.com/d/checkout-errors' },
    },
    t('22:40:00'),
    RAJ,
  );
  log.add('StatusChanged', { from: 'mitigating', to: 'monitoring', step: 'verify-recovery' }, t('22:40:00'), RAJ);
  log.add('SeverityChanged', { from: 'sev1', to: 'sev2' }, t('22:41:00'), DANA);
  const declined = `commander-${t('22:50:00')}`;
  log.add(
    'HandoffOffered',
    { offerId: declined, role: 'commander', from: DANA, to: PRIYA, expiresAt: t('23:00:00') },
    t('22:50:00'),
    DANA,
  );
  log.add(
    'HandoffDeclined',
    { offerId: declined, role: 'commander', to: PRIYA, reason: 'I am on call for search tonight, and it is paging' },
    t('22:52:30'),
    PRIYA,
  );
  const accepted = `commander-${t('22:55:00')}`;
  log.add(
    'HandoffOffered',
    { offerId: accepted, role: 'commander', from: DANA, to: SAM, expiresAt: t('23:05:00') },
    t('22:55:00'),
    DANA,
  );
  log.add('HandoffAccepted', { offerId: accepted, role: 'commander', from: DANA, to: SAM }, t('22:57:40'), SAM);
  log.add(
    'MessagePinned',
    { channelId: 'C0INC4200', ts: slackTs(coffeeMessage), author: LEE, text: 'brb, coffee', via: 'pin' },
    coffeeMessage,
    LEE,
    t('23:01:00'),
  );
  log.add('MessageUnpinned', { ts: slackTs(coffeeMessage), via: 'pin' }, t('23:01:30'), LEE);
  log.add(
    'PinnedMessageEdited',
    {
      ts: slackTs(graphMessage),
      text: 'p99 latency graph (after rollback): https://grafana.example.com/d/checkout-errors',
    },
    t('23:20:00'),
    RAJ,
  );
  log.add(
    'UpdatePosted',
    { text: 'Error rate is back to baseline. We keep watching for 30 minutes before the all-clear.' },
    t('23:25:00'),
    LEE,
  );
  log.add('UpdatesSnoozed', { until: t('00:00:00', 25) }, t('23:30:00'), LEE);
  // 02:30 CEST, half an hour before the clocks go back.
  log.add(
    'NoteAdded',
    { text: 'Keeping the incident open until the night batch has run against the rolled-back release.' },
    t('00:30:00', 25),
    SAM,
  );
  log.add(
    'IncidentResolved',
    { summary: 'Rolled back payments-api to 2026.10.24-2; card payments recovered.' },
    t('00:45:00', 25),
    SAM,
  );
  // 02:30 CET: the second 02:30 of the night.
  log.add(
    'IncidentReopened',
    { reason: 'Night batch retries fail with the same gateway timeouts' },
    t('01:30:00', 25),
    SAM,
  );
  log.add(
    'EffectFailed',
    { effect: 'thread.39', error: 'not_in_channel', detail: 'the announcement channel C0INCIDENT' },
    t('01:30:02', 25),
    W,
  );
  log.add('StatusChanged', { from: 'investigating', to: 'identified' }, t('01:40:00', 25), RAJ);
  log.add('ProtocolReposted', {}, t('01:48:00', 25), SAM);
  log.add('StatusChanged', { from: 'identified', to: 'monitoring' }, t('01:55:00', 25), RAJ);
  log.add(
    'FollowUpAdded',
    { text: 'Pin the batch worker to the service release, so that a rollback rolls back both', owner: RAJ },
    t('02:05:00', 25),
    SAM,
  );
  log.add(
    'FollowUpAdded',
    { text: 'Canary payments deploys with real card traffic, "not just synthetic checks", before a full rollout' },
    t('02:06:00', 25),
    DANA,
  );
  log.add(
    'UpdatePosted',
    { text: 'All clear: batch retries succeed and card payments have been normal for 15 minutes.' },
    t('02:10:00', 25),
    LEE,
  );
  log.add('StepCompleted', { step: 'all-clear', phase: 'communicate', title: 'All-clear' }, t('02:11:00', 25), LEE);
  log.add(
    'IncidentResolved',
    {
      summary:
        'Rolled back payments-api and the batch worker to 2026.10.24-2; card payments and batch retries recovered.',
    },
    t('02:15:00', 25),
    SAM,
  );
  return log.events;
}

/** The seeded INC-42 log (see the top of this file). */
export const SEEDED_INCIDENT: readonly RecordedEvent[] = seededIncident();

/** 28 November 2026 at `hh:mm[:ss]` UTC: an hour behind Madrid (GMT+1) that day. */
function nov28(hhmmss: string): number {
  return utc(`2026-11-28T${hhmmss.length === 5 ? `${hhmmss}:00` : hhmmss}Z`);
}

/** A deploy as GitHub reports it, with `more` on top. */
function githubDeploy(
  more: Partial<DeploySnapshot> & Pick<DeploySnapshot, 'service' | 'version' | 'at'>,
): DeploySnapshot {
  return {
    deployId: `github:acme/${more.service}:${more.at / 1000}`,
    environment: 'production',
    source: 'github',
    ...more,
  };
}

/** The moment INC-51 and INC-66 are exported: the morning after. */
export const CHANGE_NOW = nov28('09:00') + 24 * 3_600_000;

/** The suspect of INC-51: payments-api 2026.11.28-3, live at 22:58 in Madrid (21:58 UTC). */
export const SUSPECT_DEPLOY = githubDeploy({
  service: 'payments-api',
  version: '2026.11.28-3',
  commit: '4f2a1c9e0b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39',
  author: 'dana-gh',
  url: 'https://github.com/acme/payments-api/deployments/88123',
  at: nov28('21:58'),
});

/** What was live before it, and where the rollback goes. */
export const TARGET_DEPLOY = githubDeploy({
  service: 'payments-api',
  version: '2026.11.28-2',
  commit: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807',
  author: 'raj-gh',
  url: 'https://github.com/acme/payments-api/deployments/87990',
  at: nov28('18:30'),
});

/**
 * INC-51, "Checkout 5xx after a deploy", shown in Europe/Madrid (GMT+1): payments-api 2026.11.28-3 went live at
 * 22:58, the impact began at 23:07 (backdated) and the incident was declared at 23:12. Raj named search-api 7.1.0 the
 * suspect first (23:15), then payments-api 2026.11.28-3 (23:16:10). A GitHub-workflow rollback failed at once (23:20);
 * a webhook rollback was requested at 23:24, dispatched, and its deploy of 2026.11.28-2 went live at 23:29:40. Deploys
 * during the incident: web 5.2.0 during the freeze (23:18), the rollback (exempt from the freeze), and search-api 7.1.1
 * failing after the severity dropped and the freeze lifted (23:44:30). Resolved at 00:35 on Sunday.
 */
function changedIncident(): RecordedEvent[] {
  const log = logBuilder('INC-51');
  const first = 'rb-inc-51-first';
  const second = 'rb-inc-51-second';
  log.add(
    'IncidentDeclared',
    {
      title: 'Checkout 5xx after a deploy',
      severity: 'sev2',
      service: 'payments-api',
      private: false,
      protocol: 'deploy-rollback',
    },
    nov28('22:12'),
    DANA,
  );
  log.add('ImpactStarted', { startedAt: nov28('22:07') }, nov28('22:12:30'), DANA);
  log.add('RoleAssigned', { role: 'ops', user: RAJ }, nov28('22:13'), DANA);
  // What warroom records with each change event: the protocol step it completes (`completed_by`), and its status.
  log.add('ChangesListed', { window: 6 * 3_600_000, count: 3 }, nov28('22:14'), RAJ);
  log.add(
    'StepCompleted',
    { step: 'list-changes', phase: 'identify', title: 'List changes in the last 6 hours' },
    nov28('22:14'),
    RAJ,
  );
  log.add(
    'SuspectNamed',
    {
      deploy: githubDeploy({
        service: 'search-api',
        version: '7.1.0',
        commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        author: 'kim-gh',
        url: 'https://github.com/acme/search-api/deployments/7001',
        at: nov28('20:40'),
      }),
    },
    nov28('22:15'),
    RAJ,
  );
  log.add(
    'StepCompleted',
    {
      step: 'name-suspect',
      phase: 'identify',
      title: 'Name the suspect change',
      inputs: { change: 'search-api 7.1.0 (a1b2c3d)' },
    },
    nov28('22:15'),
    RAJ,
  );
  log.add('StatusChanged', { from: 'investigating', to: 'identified', step: 'name-suspect' }, nov28('22:15'), RAJ);
  log.add('SuspectNamed', { deploy: SUSPECT_DEPLOY, target: TARGET_DEPLOY }, nov28('22:16:10'), RAJ);
  log.add(
    'StepCompleted',
    { step: 'decide-rollback', phase: 'identify', title: 'Decide: roll back first, debug later' },
    nov28('22:16:30'),
    DANA,
  );
  log.add(
    'DeployLanded',
    {
      deploy: githubDeploy({
        service: 'web',
        version: '5.2.0',
        commit: 'c0ffee1234567890',
        author: 'lee-gh',
        at: nov28('22:18'),
      }),
      state: 'success',
      frozen: true,
    },
    nov28('22:18:30'),
    W,
  );
  log.add(
    'RollbackRequested',
    {
      rollbackId: first,
      service: 'payments-api',
      environment: 'production',
      current: '2026.11.28-3',
      target: { version: '2026.11.28-2', deployId: TARGET_DEPLOY.deployId },
      driver: 'github_workflow',
      plan: 'workflow rollback.yml on main of acme/payments-api, version=2026.11.28-2',
    },
    nov28('22:20'),
    RAJ,
  );
  log.add(
    'StepCompleted',
    { step: 'start-rollback', phase: 'rollback', title: 'Start the rollback', inputs: { target: '2026.11.28-2' } },
    nov28('22:20'),
    RAJ,
  );
  log.add('StatusChanged', { from: 'identified', to: 'mitigating', step: 'start-rollback' }, nov28('22:20'), RAJ);
  log.add(
    'RollbackFailed',
    { rollbackId: first, system: 'github', error: 'workflow rollback.yml not found on main (HTTP 404)' },
    nov28('22:20:40'),
    W,
  );
  log.add(
    'RollbackRequested',
    {
      rollbackId: second,
      service: 'payments-api',
      environment: 'production',
      current: '2026.11.28-3',
      target: { version: '2026.11.28-2', deployId: TARGET_DEPLOY.deployId },
      driver: 'webhook',
      plan: 'signed rollback webhook for payments-api in production, version=2026.11.28-2',
    },
    nov28('22:24'),
    DANA,
  );
  log.add(
    'RollbackDispatched',
    { rollbackId: second, remote: 'req-5521', url: 'https://deploys.example.com/rollbacks/req-5521' },
    nov28('22:24:05'),
    W,
  );
  const rolledBack: DeploySnapshot = {
    deployId: 'webhook:payments-api:production:2026.11.28-2',
    service: 'payments-api',
    environment: 'production',
    version: '2026.11.28-2',
    commit: TARGET_DEPLOY.commit,
    at: nov28('22:29:40'),
    source: 'webhook',
  };
  log.add(
    'DeployLanded',
    { deploy: rolledBack, state: 'success', frozen: true, rollbackId: second },
    nov28('22:29:50'),
    W,
  );
  log.add('RollbackDeployed', { rollbackId: second, deploy: rolledBack }, nov28('22:29:50'), W);
  log.add(
    'StepCompleted',
    { step: 'confirm-deployed', phase: 'rollback', title: 'Confirm the rollback is deployed' },
    nov28('22:29:50'),
    W,
  );
  log.add(
    'StepCompleted',
    {
      step: 'verify-recovery',
      phase: 'rollback',
      title: 'Verify recovery on the key metric',
      inputs: { evidence: 'https://grafana.example.com/d/checkout-errors' },
    },
    nov28('22:35'),
    RAJ,
  );
  log.add('StatusChanged', { from: 'mitigating', to: 'monitoring', step: 'verify-recovery' }, nov28('22:35'), RAJ);
  log.add('SeverityChanged', { from: 'sev2', to: 'sev3' }, nov28('22:40'), DANA);
  log.add(
    'DeployLanded',
    {
      deploy: githubDeploy({ service: 'search-api', version: '7.1.1', author: 'kim-gh', at: nov28('22:44:30') }),
      state: 'failure',
      frozen: false,
    },
    nov28('22:45'),
    W,
  );
  log.add('IncidentResolved', { summary: 'Rolled back payments-api to 2026.11.28-2.' }, nov28('23:35'), DANA);
  return log.events;
}

/** INC-51, with two suspects, two rollbacks (one failed) and three deploys during it (see changedIncident). */
export const CHANGED_INCIDENT: readonly RecordedEvent[] = changedIncident();

/** Deploy fields as a hostile or broken deploy system could send them. */
export const HOSTILE_DEPLOY = {
  service: '<script>alert(1)</script>',
  environment: 'prod|<b>x</b>',
  version: '![x](http://evil/x.png) <img src=x onerror=alert(1)>',
  commit: '<svg onload=alert(1)>',
  author: 'eve | admin\n# owned\n[bank](http://evil)',
  url: 'javascript:alert(1)',
} as const;

/**
 * INC-66: a suspect, a rollback and deploys whose every field is hostile markup (HOSTILE_DEPLOY), links that are not
 * http(s), and one https link whose query holds what would end a Markdown link (a backtick, `>`, a pipe, a backslash).
 */
function hostileDeployIncident(): RecordedEvent[] {
  const log = logBuilder('INC-66');
  const t = (minutes: number) => nov28('22:00') + minutes * 60_000;
  const hostile: DeploySnapshot = { deployId: 'webhook:x', ...HOSTILE_DEPLOY, at: t(-10), source: 'webhook' };
  log.add(
    'IncidentDeclared',
    { title: 'Checkout down', severity: 'sev2', private: false, protocol: 'deploy-rollback' },
    t(0),
    DANA,
  );
  log.add(
    'SuspectNamed',
    { deploy: hostile, target: { ...hostile, url: 'data:text/html,<script>alert(1)</script>' } },
    t(1),
    DANA,
  );
  log.add(
    'RollbackRequested',
    {
      rollbackId: 'rb-inc-66-x',
      service: HOSTILE_DEPLOY.service,
      environment: HOSTILE_DEPLOY.environment,
      current: HOSTILE_DEPLOY.version,
      target: { version: '<script>alert(2)</script>' },
      driver: 'webhook',
      plan: `webhook for ${HOSTILE_DEPLOY.service}, version=${HOSTILE_DEPLOY.version}`,
      alsoRollsBack: ['[x](javascript:alert(3))'],
    },
    t(2),
    DANA,
  );
  log.add(
    'RollbackDispatched',
    { rollbackId: 'rb-inc-66-x', remote: '[run](http://evil)', url: 'javascript:alert(4)' },
    t(3),
    W,
  );
  log.add(
    'RollbackFailed',
    { rollbackId: 'rb-inc-66-x', system: '<i>ci</i>', error: '<script>alert(5)</script> | \n# failed' },
    t(4),
    W,
  );
  log.add('DeployLanded', { deploy: { ...hostile, at: t(5) }, state: 'success', frozen: true }, t(5), W);
  log.add(
    'DeployLanded',
    {
      deploy: { ...hostile, url: 'https://ok.example.com/x?a=`b`>c|d\\e&lt;', at: t(6) },
      state: 'error',
      frozen: false,
    },
    t(6),
    W,
  );
  return log.events;
}

/** INC-66 (see hostileDeployIncident). */
export const HOSTILE_DEPLOY_INCIDENT: readonly RecordedEvent[] = hostileDeployIncident();

/** The shown time zone of INC-73: Eastern Standard Time that day, five hours behind UTC. */
export const COMMS_TIME_ZONE = 'America/New_York';

/** The status-page component of payments-api in COMMS_TEMPLATES' catalog. */
export const PAYMENTS_COMPONENT = 'k7f2m9x1pq3r';
/** A component on the page that the catalog names no service for: shown by its id. */
export const CHECKOUT_COMPONENT = 'w4n8b2c6d0ty';

/** The shipped templates with a catalog that maps PAYMENTS_COMPONENT to payments-api. */
export const COMMS_TEMPLATES: Templates = {
  ...templates,
  catalog: {
    services: {
      'payments-api': {
        name: 'payments-api',
        aliases: ['payments'],
        github: undefined,
        argocd: undefined,
        rollback: undefined,
        statuspage: { component: PAYMENTS_COMPONENT },
      },
    },
  },
};

/** 1 December 2026 at `hh:mm[:ss]` UTC: 09:05 UTC-5 in New York is 14:05 UTC. */
export function dec1(hhmmss: string): number {
  return utc(`2026-12-01T${hhmmss.length === 5 ? `${hhmmss}:00` : hhmmss}Z`);
}

/** The moment INC-73 and INC-74 are exported: the next day. */
export const COMMS_NOW = dec1('09:00') + 24 * 3_600_000;

/** Where Statuspage put INC-73. */
export const STATUS_PAGE_URL = 'https://status.example.com/incidents/p31zjtct2jer';

/**
 * INC-73, "Card payments failing in the EU", declared at 09:05 in New York (14:05 UTC) and resolved at 10:05. Lee
 * (comms) posts an internal update at 09:08, a customer notice in Slack at 09:11, and asks at 09:13 for the status
 * page to say Investigating with payments-api in a major outage and the checkout component degraded, notifying
 * subscribers: Statuspage publishes it at 09:13:20. An internal update without an audience follows (09:31); the
 * Monitoring publish asked for at 09:40 is refused by Statuspage; at 10:02 the page says Resolved, both components
 * operational (published 10:02:15); a last internal update at 10:03.
 */
function commsIncident(): RecordedEvent[] {
  const log = logBuilder('INC-73');
  const first = 'sp-inc-73-first';
  const refused = 'sp-inc-73-second';
  const resolved = 'sp-inc-73-third';
  const investigating = {
    status: 'investigating',
    components: { [PAYMENTS_COMPONENT]: 'major_outage', [CHECKOUT_COMPONENT]: 'degraded_performance' },
    body: 'We are investigating failed card payments for customers in the EU.',
  } as const;
  const allClear = {
    status: 'resolved',
    components: { [PAYMENTS_COMPONENT]: 'operational', [CHECKOUT_COMPONENT]: 'operational' },
    body: 'This incident has been resolved. Card payments in the EU work normally again.',
  } as const;
  log.add(
    'IncidentDeclared',
    {
      title: 'Card payments failing in the EU',
      severity: 'sev2',
      service: 'payments-api',
      private: false,
      protocol: 'deploy-rollback',
    },
    dec1('14:05'),
    DANA,
  );
  log.add('RoleAssigned', { role: 'comms', user: LEE }, dec1('14:05:30'), DANA);
  log.add(
    'UpdatePosted',
    {
      text: 'Impact: EU card payments fail at checkout\nWhat we know: since 08:58 (America/New_York)\nWhat we are doing: looking at the 08:50 payments-api deploy\nNext update by 09:38 (America/New_York)',
      audience: 'internal',
      draft: 'internal-update',
      nextUpdateBy: dec1('14:38'),
    },
    dec1('14:08'),
    LEE,
  );
  log.add(
    'StepCompleted',
    { step: 'first-internal-update', phase: 'communicate', title: 'First internal update' },
    dec1('14:08:05'),
    LEE,
  );
  log.add(
    'UpdatePosted',
    {
      text: 'Some card payments in the EU fail at checkout. We are working on it and will update you by 09:40.',
      audience: 'customers',
      draft: 'customer-notice',
    },
    dec1('14:11'),
    LEE,
  );
  log.add(
    'StatusPagePublishRequested',
    { publishId: first, name: 'Card payments failing in the EU', ...investigating, notify: true },
    dec1('14:13'),
    LEE,
  );
  log.add(
    'StatusPagePublished',
    { publishId: first, statuspageIncidentId: 'p31zjtct2jer', url: STATUS_PAGE_URL, ...investigating },
    dec1('14:13:20'),
    W,
  );
  log.add(
    'StepCompleted',
    { step: 'first-status-page', phase: 'communicate', title: 'First status-page message' },
    dec1('14:13:30'),
    LEE,
  );
  log.add('StatusChanged', { from: 'investigating', to: 'identified' }, dec1('14:20'), RAJ);
  log.add('UpdatePosted', { text: 'Rolling back payments-api to 2026.12.01-1.' }, dec1('14:31'), RAJ);
  log.add(
    'StatusPagePublishRequested',
    {
      publishId: refused,
      status: 'monitoring',
      components: { [PAYMENTS_COMPONENT]: 'partial_outage' },
      body: 'A fix is in place and we are monitoring the results.',
      notify: false,
    },
    dec1('14:40'),
    LEE,
  );
  log.add(
    'StatusPagePublishFailed',
    { publishId: refused, error: 'Statuspage answered 422: components is invalid' },
    dec1('14:40:05'),
    W,
  );
  log.add('StatusChanged', { from: 'identified', to: 'monitoring' }, dec1('14:50'), RAJ);
  log.add('StatusPagePublishRequested', { publishId: resolved, ...allClear, notify: true }, dec1('15:02'), LEE);
  log.add(
    'StatusPagePublished',
    { publishId: resolved, statuspageIncidentId: 'p31zjtct2jer', url: STATUS_PAGE_URL, ...allClear },
    dec1('15:02:15'),
    W,
  );
  log.add(
    'UpdatePosted',
    { text: 'All clear: EU card payments are back to normal.', audience: 'internal', draft: 'internal-update' },
    dec1('15:03'),
    LEE,
  );
  log.add('IncidentResolved', { summary: 'Rolled back payments-api to 2026.12.01-1.' }, dec1('15:05'), DANA);
  return log.events;
}

/** INC-73 (see commsIncident). */
export const COMMS_INCIDENT: readonly RecordedEvent[] = commsIncident();

/** Texts as a hostile person, or a broken Statuspage, could send them. */
export const HOSTILE_PUBLISH = {
  name: '<script>alert(1)</script>',
  body: '![x](http://evil/x.png) <img src=x onerror=alert(1)>\n# owned\n[bank](http://evil) | a|b',
  component: '<b>x</b>|y',
  url: 'javascript:alert(1)',
  error: '<script>alert(2)</script> | \n# refused',
  draft: '<i>customer-notice</i>',
  update: '<img src=x onerror=alert(3)> [click](javascript:alert(3))',
} as const;

/**
 * INC-74: a publish Statuspage took with a hostile name, body and component id and a javascript: link, one refused
 * with a hostile error, and a customer update with a hostile text and draft name.
 */
function hostilePublishIncident(): RecordedEvent[] {
  const log = logBuilder('INC-74');
  const t = (minutes: number) => dec1('14:00') + minutes * 60_000;
  const said = {
    status: 'investigating',
    components: { [HOSTILE_PUBLISH.component]: 'major_outage' },
    body: HOSTILE_PUBLISH.body,
  } as const;
  log.add(
    'IncidentDeclared',
    { title: 'Checkout down', severity: 'sev2', private: false, protocol: 'deploy-rollback' },
    t(0),
    DANA,
  );
  log.add(
    'UpdatePosted',
    { text: HOSTILE_PUBLISH.update, audience: 'customers', draft: HOSTILE_PUBLISH.draft },
    t(1),
    LEE,
  );
  log.add(
    'StatusPagePublishRequested',
    { publishId: 'sp-inc-74-a', name: HOSTILE_PUBLISH.name, ...said, notify: true },
    t(2),
    LEE,
  );
  log.add(
    'StatusPagePublished',
    { publishId: 'sp-inc-74-a', statuspageIncidentId: '<i>x</i>', url: HOSTILE_PUBLISH.url, ...said },
    t(3),
    W,
  );
  log.add('StatusPagePublishRequested', { publishId: 'sp-inc-74-b', ...said, notify: false }, t(4), LEE);
  log.add('StatusPagePublishFailed', { publishId: 'sp-inc-74-b', error: HOSTILE_PUBLISH.error }, t(5), W);
  return log.events;
}

/** INC-74 (see hostilePublishIncident). */
export const HOSTILE_PUBLISH_INCIDENT: readonly RecordedEvent[] = hostilePublishIncident();

/**
 * Compares `actual` byte for byte with test/golden/<name>; with UPDATE_GOLDEN=1 in the environment, rewrites
 * the golden file instead (then review the diff).
 */
export function expectGolden(name: string, actual: string): void {
  const file = join(PROJECT_ROOT, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, actual);
    return;
  }
  const expected = readFileSync(file, 'utf8');
  expect(actual, `${name} differs from its golden file; UPDATE_GOLDEN=1 rewrites it`).toBe(expected);
}
