/**
 * The timeline projection: one entry per event, metrics null unless their milestone happened, roles,
 * handoffs, protocol steps and pins as the postmortem needs them. The seeded incident is in fixtures.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Timeline } from '../../src/export/model.js';
import { buildTimeline } from '../../src/export/timeline.js';
import {
  DANA,
  INCIDENT_ID,
  KIM,
  LEE,
  logBuilder,
  NOW,
  PEOPLE,
  PRIYA,
  RAJ,
  SAM,
  SEEDED_INCIDENT,
  slackTs,
  TIME_ZONE,
  templates,
  utc,
} from './fixtures.js';

const MINUTE = 60_000;
const options = { timeZone: TIME_ZONE, now: NOW, people: PEOPLE };
const seeded: Timeline = buildTimeline(SEEDED_INCIDENT, templates, options);
const T0 = utc('2026-03-10T09:00:00Z');

/** A bare incident declared at T0 by Dana, with whatever `more` adds. */
function small(more: (log: ReturnType<typeof logBuilder>) => void, now = T0 + 120 * MINUTE): Timeline {
  const log = logBuilder('INC-7');
  log.add('IncidentDeclared', { title: 'Search is slow', severity: 'sev3', private: false }, T0, DANA);
  more(log);
  return buildTimeline(log.events, templates, { timeZone: TIME_ZONE, now, people: PEOPLE });
}

describe('the timeline of an incident', () => {
  it('should have one entry per event in the log, system bookkeeping included', () => {
    expect(seeded.entries).toHaveLength(SEEDED_INCIDENT.length);
    expect(new Set(seeded.entries.map((e) => e.seq))).toEqual(new Set(SEEDED_INCIDENT.map((e) => e.seq)));
    const system = seeded.entries.filter((e) => e.kind === 'system').map((e) => e.type);
    expect(system).toEqual([
      'ChannelCreated',
      'BoardPosted',
      'AnnouncementPosted',
      'UpdatesSnoozed',
      'EffectFailed',
      'ProtocolReposted',
    ]);
  });

  it('should list entries in the order things happened, a pinned message at the time it was posted', () => {
    const times = seeded.entries.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const [first] = seeded.entries;
    expect(first).toMatchObject({ type: 'MessagePinned', actor: RAJ, at: utc('2026-10-24T21:38:10Z') });
    expect(first?.recordedAt).toBe(utc('2026-10-24T22:05:02Z'));
  });

  it('should write each entry for a reader, with names where they are known and ids where not', () => {
    const text = (seq: number) => seeded.entries.find((e) => e.seq === seq)?.text;
    expect(text(1)).toBe('Declared SEV1: Checkout payments failing (service: payments-api). Commander: Dana');
    expect(text(14)).toBe('Status → Identified (step: Name the suspect change)');
    expect(text(13)).toBe(
      'Step 3 done: Name the suspect change — Suspect change (id or link): payments-api release 2026.10.24-3 (4f2a1c)',
    );
    expect(text(12)).toBe(
      `Pinned message from ${KIM}: Deploying payments-api 2026.10.24-3 (4f2a1c) to prod, ETA 5 min`,
    );
    expect(text(31)).toBe('Handoff accepted: Sam is now Commander (handed over by Dana)');
    expect(text(41)).toBe('Status → Identified (was Investigating)');
    expect(text(8)).toBe(
      'Impact start set to 2026-10-24 23:45:00 GMT+2 (2026-10-24 21:45:00 UTC), 7 min before the declare',
    );
  });

  it('should sum up the incident: the last resolution, the backdated start, the channel', () => {
    expect(seeded.incident).toMatchObject({
      id: INCIDENT_ID,
      severity: 'sev2',
      status: 'resolved',
      declaredBy: DANA,
      declaredAt: utc('2026-10-24T21:52:00Z'),
      impactStartedAt: utc('2026-10-24T21:45:00Z'),
      resolvedAt: utc('2026-10-25T02:15:00Z'),
      resolution:
        'Rolled back payments-api and the batch worker to 2026.10.24-2; card payments and batch retries recovered.',
      durationMs: (4 * 60 + 30) * MINUTE,
      channel: { id: 'C0INC4200', name: 'inc-20261024-checkout-payments-failing' },
    });
    expect(seeded.generatedAt).toBe(NOW);
    expect(seeded.timeZone).toBe(TIME_ZONE);
  });

  it('should count the metrics from the impact start, each from the first time its milestone was reached', () => {
    const impact = utc('2026-10-24T21:45:00Z');
    const declared = utc('2026-10-24T21:52:00Z');
    const fromImpact = { countsFrom: 'impact', from: impact } as const;
    expect(seeded.metrics).toEqual({
      startedFrom: 'impact',
      durations: {
        detect: {
          ...fromImpact,
          ms: 7 * MINUTE,
          to: declared,
          milestone: 'declare',
          definition: 'impact start → declare',
        },
        acknowledge: {
          ms: 0,
          countsFrom: 'declare',
          from: declared,
          to: declared,
          milestone: 'declare',
          definition:
            'declare → a person in command: the declarer, seated as commander by their own declare (0 by definition)',
        },
        identify: {
          ...fromImpact,
          ms: 24 * MINUTE,
          to: impact + 24 * MINUTE,
          milestone: 'status',
          definition: 'impact start → the first move to Identified or beyond (no suspect deploy was named in warroom)',
        },
        // No key metric in this log: the first move to Monitoring, before the reopen, not the rollback's start.
        mitigate: {
          ...fromImpact,
          ms: 55 * MINUTE,
          to: impact + 55 * MINUTE,
          milestone: 'monitoring',
          definition:
            'impact start → impact ended, by the first move to Monitoring (no recovery was recorded on the key metric)',
        },
        resolve: {
          ...fromImpact,
          ms: 270 * MINUTE,
          to: impact + 270 * MINUTE,
          milestone: 'resolved',
          definition: 'impact start → resolved (the last resolution: it was reopened)',
        },
        firstInternal: {
          ...fromImpact,
          ms: 16 * MINUTE + 15_000,
          to: impact + 16 * MINUTE + 15_000,
          milestone: 'update',
          definition: 'impact start → the first status update posted in Slack, where the team sees it',
        },
        firstExternal: {
          ...fromImpact,
          ms: null,
          to: null,
          milestone: null,
          definition:
            'impact start → the first status-page publish; without one, the first update for customers posted in Slack',
        },
      },
      timeToIdentifyMs: 24 * MINUTE,
      timeToRollbackMs: 55 * MINUTE,
      timeToFirstCommunicationMs: 16 * MINUTE + 15_000,
      timeToFirstExternalMs: null,
      firstExternalFrom: null,
      timeToMitigateMs: 27 * MINUTE,
      timeToResolveMs: 270 * MINUTE,
      timeInStatusMs: {
        investigating: (17 + 10) * MINUTE,
        identified: (3 + 15) * MINUTE,
        mitigating: 28 * MINUTE,
        monitoring: (125 + 20) * MINUTE,
        resolved: 45 * MINUTE,
      },
      timeInSeverityMs: { sev1: 49 * MINUTE, sev2: 214 * MINUTE },
    });
  });

  it('should leave every metric null when its milestone never happened', () => {
    const timeline = small((log) => log.add('IncidentResolved', { summary: 'It went away' }, T0 + 40 * MINUTE, DANA));
    expect(timeline.metrics).toMatchObject({
      startedFrom: 'declare',
      timeToIdentifyMs: null,
      timeToRollbackMs: null,
      timeToFirstCommunicationMs: null,
      timeToFirstExternalMs: null,
      firstExternalFrom: null,
      timeToMitigateMs: null,
      timeToResolveMs: 40 * MINUTE,
      timeInStatusMs: { investigating: 40 * MINUTE },
      timeInSeverityMs: { sev3: 40 * MINUTE },
    });
    const { durations } = timeline.metrics;
    for (const key of ['detect', 'identify', 'mitigate', 'firstInternal', 'firstExternal'] as const) {
      expect(durations[key], key).toMatchObject({ ms: null, to: null, milestone: null });
    }
    expect(durations.detect.definition).toBe('impact start → declare: impact start not recorded');
    expect(durations.identify.definition).toBe(
      'declare → the first suspect named, else the first move to Identified or beyond: neither happened',
    );
    expect(durations.resolve).toMatchObject({ ms: 40 * MINUTE, countsFrom: 'declare', from: T0 });
    expect(timeline.incident.durationMs).toBe(40 * MINUTE);
  });

  it('should run open spans to the export and leave the resolution empty while open', () => {
    const timeline = small((log) => {
      log.add('StatusChanged', { from: 'investigating', to: 'mitigating' }, T0 + 10 * MINUTE, RAJ);
      log.add('IncidentResolved', { summary: 'Restarted the cluster' }, T0 + 30 * MINUTE, DANA);
      log.add('IncidentReopened', { reason: 'Slow again' }, T0 + 50 * MINUTE, DANA);
    });
    expect(timeline.incident).toMatchObject({
      status: 'investigating',
      resolvedAt: null,
      resolution: null,
      durationMs: null,
    });
    expect(timeline.metrics).toMatchObject({
      timeToIdentifyMs: 10 * MINUTE,
      timeToMitigateMs: 10 * MINUTE,
      timeToRollbackMs: null,
      timeToResolveMs: null,
      timeInStatusMs: { investigating: (10 + 70) * MINUTE, mitigating: 20 * MINUTE, resolved: 20 * MINUTE },
      timeInSeverityMs: { sev3: 120 * MINUTE },
    });
  });

  it('should count from the latest backdated impact start', () => {
    const timeline = small((log) => {
      log.add('ImpactStarted', { startedAt: T0 - 20 * MINUTE }, T0 + MINUTE, DANA);
      log.add('ImpactStarted', { startedAt: T0 - 5 * MINUTE }, T0 + 2 * MINUTE, DANA);
      log.add('UpdatePosted', { text: 'Looking into it' }, T0 + 5 * MINUTE, LEE);
    });
    expect(timeline.incident.impactStartedAt).toBe(T0 - 5 * MINUTE);
    expect(timeline.metrics.startedFrom).toBe('impact');
    expect(timeline.metrics.timeToFirstCommunicationMs).toBe(10 * MINUTE);
  });

  it('should start the status and severity changes with the declared values', () => {
    expect(seeded.statusChanges.map((c) => c.status)).toEqual([
      'investigating',
      'identified',
      'mitigating',
      'monitoring',
      'resolved',
      'investigating',
      'identified',
      'monitoring',
      'resolved',
    ]);
    expect(seeded.statusChanges[0]?.at).toBe(seeded.incident.declaredAt);
    expect(seeded.severityChanges).toEqual([
      { at: utc('2026-10-24T21:52:00Z'), severity: 'sev1' },
      { at: utc('2026-10-24T22:41:00Z'), severity: 'sev2' },
    ]);
  });

  it('should seat the declarer as commander and move command only when a handoff is accepted', () => {
    const commander = seeded.roles.find((r) => r.role === 'commander');
    expect(commander?.holders).toEqual([
      { user: DANA, from: utc('2026-10-24T21:52:00Z'), to: utc('2026-10-24T22:57:40Z') },
      { user: SAM, from: utc('2026-10-24T22:57:40Z'), to: null },
    ]);
    expect(seeded.roles.map((r) => [r.label, r.holders.map((h) => h.user)])).toEqual([
      ['Commander', [DANA, SAM]],
      ['Comms', [LEE]],
      ['Ops', [RAJ]],
      ['Deputy', []],
      ['Scribe', []],
    ]);
  });

  it('should record every handoff offer with its answer', () => {
    expect(seeded.handoffs).toEqual([
      {
        role: 'commander',
        label: 'Commander',
        from: DANA,
        to: PRIYA,
        offeredAt: utc('2026-10-24T22:50:00Z'),
        answeredAt: utc('2026-10-24T22:52:30Z'),
        outcome: 'declined',
        reason: 'I am on call for search tonight, and it is paging',
      },
      {
        role: 'commander',
        label: 'Commander',
        from: DANA,
        to: SAM,
        offeredAt: utc('2026-10-24T22:55:00Z'),
        answeredAt: utc('2026-10-24T22:57:40Z'),
        outcome: 'accepted',
        reason: null,
      },
    ]);
  });

  it('should show an unanswered offer as pending, and a role given up as ending', () => {
    const timeline = small((log) => {
      log.add('RoleAssigned', { role: 'scribe', user: LEE }, T0 + MINUTE, LEE);
      log.add('RoleUnassigned', { role: 'scribe', previous: LEE }, T0 + 9 * MINUTE, LEE);
      log.add(
        'HandoffOffered',
        { offerId: 'commander-1', role: 'commander', from: DANA, to: SAM, expiresAt: T0 + 20 * MINUTE },
        T0 + 10 * MINUTE,
        DANA,
      );
    });
    expect(timeline.handoffs).toMatchObject([{ to: SAM, outcome: 'pending', answeredAt: null }]);
    expect(timeline.roles.find((r) => r.role === 'scribe')?.holders).toEqual([
      { user: LEE, from: T0 + MINUTE, to: T0 + 9 * MINUTE },
    ]);
    expect(timeline.roles.find((r) => r.role === 'commander')?.holders).toEqual([{ user: DANA, from: T0, to: null }]);
  });

  it('should show each protocol step with who closed it and how long after its phase started', () => {
    const [identify, rollback, communicate] = seeded.phases;
    expect(identify).toMatchObject({
      id: 'identify',
      startedAt: utc('2026-10-24T21:52:00Z'),
      endedAt: utc('2026-10-24T22:10:30Z'),
    });
    expect(identify?.steps.find((s) => s.id === 'name-suspect')).toEqual({
      number: 3,
      id: 'name-suspect',
      title: 'Name the suspect change',
      owner: 'ops',
      ownerLabel: 'Ops',
      status: 'done',
      at: utc('2026-10-24T22:09:00Z'),
      by: RAJ,
      durationMs: 17 * MINUTE,
      inputs: { change: 'payments-api release 2026.10.24-3 (4f2a1c)' },
      reason: null,
    });
    // Roll back starts when Identify is finished.
    expect(rollback).toMatchObject({ startedAt: utc('2026-10-24T22:10:30Z'), endedAt: null });
    expect(rollback?.steps.map((s) => [s.id, s.status, s.durationMs])).toEqual([
      ['freeze-deploys', 'skipped', 30_000],
      ['start-rollback', 'done', 90_000],
      ['confirm-deployed', 'done', 20 * MINUTE + 30_000],
      ['verify-recovery', 'done', 29 * MINUTE + 30_000],
      ['keep-watching', 'open', null],
    ]);
    expect(rollback?.steps[0]?.reason).toBe('Deploys are already frozen for the weekend');
    expect(communicate).toMatchObject({ parallel: true, startedAt: utc('2026-10-24T21:52:00Z'), endedAt: null });
    expect(communicate?.steps.find((s) => s.id === 'regular-updates')).toMatchObject({ status: 'open', at: null });
  });

  it('should give a blocked step no duration: it is still open', () => {
    const log = logBuilder('INC-7');
    log.add(
      'IncidentDeclared',
      { title: 'Search is slow', severity: 'sev3', private: false, protocol: 'deploy-rollback' },
      T0,
      DANA,
    );
    log.add(
      'StepBlocked',
      { step: 'confirm-impact', phase: 'identify', title: 'Confirm impact and blast radius', reason: 'No dashboards' },
      T0 + 3 * MINUTE,
      DANA,
    );
    const [identify] = buildTimeline(log.events, templates, options).phases;
    expect(identify?.steps[0]).toMatchObject({
      status: 'blocked',
      at: T0 + 3 * MINUTE,
      by: DANA,
      durationMs: null,
      reason: 'No dashboards',
    });
    expect(identify?.endedAt).toBeNull();
  });

  it('should show no phases for an incident that runs no protocol', () => {
    expect(small(() => undefined).phases).toEqual([]);
  });

  it('should keep the pins still on the timeline at the end, with their edits, at the time they were posted', () => {
    expect(seeded.pins).toEqual([
      {
        at: utc('2026-10-24T21:38:10Z'),
        author: KIM,
        text: 'Deploying payments-api 2026.10.24-3 (4f2a1c) to prod, ETA 5 min',
        ts: slackTs(utc('2026-10-24T21:38:10Z')),
      },
      {
        at: utc('2026-10-24T22:33:20Z'),
        author: RAJ,
        text: 'p99 latency graph (after rollback): https://grafana.example.com/d/checkout-errors',
        ts: slackTs(utc('2026-10-24T22:33:20Z')),
      },
    ]);
  });

  it('should list updates, notes and follow-ups as they were recorded', () => {
    expect(seeded.updates.map((u) => [u.by, u.at])).toEqual([
      [LEE, utc('2026-10-24T22:01:15Z')],
      [LEE, utc('2026-10-24T22:24:00Z')],
      [LEE, utc('2026-10-24T23:25:00Z')],
      [LEE, utc('2026-10-25T02:10:00Z')],
    ]);
    expect(seeded.notes.map((n) => n.by)).toEqual([DANA, SAM]);
    expect(seeded.followUps).toEqual([
      {
        at: utc('2026-10-25T02:05:00Z'),
        by: SAM,
        text: 'Pin the batch worker to the service release, so that a rollback rolls back both',
        owner: RAJ,
      },
      {
        at: utc('2026-10-25T02:06:00Z'),
        by: DANA,
        text: 'Canary payments deploys with real card traffic, "not just synthetic checks", before a full rollout',
        owner: null,
      },
    ]);
  });

  it('should read the log in seq order whatever order it is given in', () => {
    const shuffled = [...SEEDED_INCIDENT].reverse();
    expect(buildTimeline(shuffled, templates, options)).toEqual(seeded);
  });

  it('should refuse a log without a declare', () => {
    expect(() => buildTimeline([], templates, options)).toThrow(/empty/);
    expect(() => buildTimeline(SEEDED_INCIDENT.slice(1), templates, options)).toThrow(
      /before the incident was declared/,
    );
  });
});
