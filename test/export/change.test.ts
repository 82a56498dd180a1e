/**
 * The Change part of the timeline: the suspect deploys named, the rollbacks and what became of them, the deploys
 * during the incident, and how long before the impact start and the declare the suspect went live.
 */
import { describe, expect, it } from 'vitest';
import { httpLink, shortCommit } from '../../src/export/change.js';
import { buildTimeline } from '../../src/export/timeline.js';
import {
  CHANGE_NOW,
  CHANGED_INCIDENT,
  DANA,
  logBuilder,
  NOW,
  PEOPLE,
  RAJ,
  SEEDED_INCIDENT,
  SUSPECT_DEPLOY,
  TARGET_DEPLOY,
  TIME_ZONE,
  templates,
  utc,
} from './fixtures.js';

const MINUTE = 60_000;
const options = { timeZone: TIME_ZONE, now: NOW, people: PEOPLE };
const changed = buildTimeline(CHANGED_INCIDENT, templates, { ...options, now: CHANGE_NOW });

describe('the Change part of the timeline', () => {
  it('should be null for an incident in which warroom saw no suspect, rollback or deploy', () => {
    expect(buildTimeline(SEEDED_INCIDENT, templates, options).change).toBeNull();
  });

  it('should take the last suspect named as the suspect, after the earlier ones in the order they were named', () => {
    const suspects = changed.change?.suspects ?? [];
    expect(suspects.map((s) => [s.deploy.service, s.deploy.version, s.namedBy, s.namedAt])).toEqual([
      ['search-api', '7.1.0', RAJ, utc('2026-11-28T22:15:00Z')],
      ['payments-api', '2026.11.28-3', RAJ, utc('2026-11-28T22:16:10Z')],
    ]);
    expect(suspects.at(-1)).toEqual({
      deploy: {
        deployId: SUSPECT_DEPLOY.deployId,
        service: 'payments-api',
        environment: 'production',
        version: '2026.11.28-3',
        commit: SUSPECT_DEPLOY.commit,
        url: 'https://github.com/acme/payments-api/deployments/88123',
        author: 'dana-gh',
        at: utc('2026-11-28T21:58:00Z'),
        source: 'github',
      },
      target: expect.objectContaining({ version: '2026.11.28-2', at: TARGET_DEPLOY.at, commit: TARGET_DEPLOY.commit }),
      namedAt: utc('2026-11-28T22:16:10Z'),
      namedBy: RAJ,
    });
    expect(suspects[0]?.target).toBeNull();
  });

  it('should say how long before the impact start and the declare the suspect went live', () => {
    expect(changed.change).toMatchObject({ suspectToImpactMs: 9 * MINUTE, suspectToDeclareMs: 14 * MINUTE });
  });

  it('should count a suspect that went live after the impact start as negative, and leave out an unknown start', () => {
    const t0 = utc('2026-03-10T09:00:00Z');
    const log = logBuilder('INC-7');
    log.add('IncidentDeclared', { title: 'Search is slow', severity: 'sev3', private: false }, t0, DANA);
    log.add('SuspectNamed', { deploy: { ...SUSPECT_DEPLOY, at: t0 - 2 * MINUTE } }, t0 + 5 * MINUTE, RAJ);
    const undated = buildTimeline(log.events, templates, options).change;
    expect(undated).toMatchObject({ suspectToImpactMs: null, suspectToDeclareMs: 2 * MINUTE });
    log.add('ImpactStarted', { startedAt: t0 - 20 * MINUTE }, t0 + 6 * MINUTE, DANA);
    expect(buildTimeline(log.events, templates, options).change).toMatchObject({
      suspectToImpactMs: -18 * MINUTE,
      suspectToDeclareMs: 2 * MINUTE,
    });
  });

  it('should follow each rollback: the one that failed with its error, the one deployed with its deploy', () => {
    const [failed, deployed] = changed.change?.rollbacks ?? [];
    expect(failed).toMatchObject({
      rollbackId: 'rb-inc-51-first',
      status: 'failed',
      driver: 'github_workflow',
      from: '2026.11.28-3',
      target: { version: '2026.11.28-2', deployId: TARGET_DEPLOY.deployId },
      requestedAt: utc('2026-11-28T22:20:00Z'),
      requestedBy: RAJ,
      dispatchedAt: null,
      failedAt: utc('2026-11-28T22:20:40Z'),
      failure: { system: 'github', error: 'workflow rollback.yml not found on main (HTTP 404)' },
      deployedAt: null,
      deploy: null,
    });
    expect(deployed).toMatchObject({
      rollbackId: 'rb-inc-51-second',
      status: 'deployed',
      driver: 'webhook',
      requestedAt: utc('2026-11-28T22:24:00Z'),
      requestedBy: DANA,
      dispatchedAt: utc('2026-11-28T22:24:05Z'),
      remote: 'req-5521',
      url: 'https://deploys.example.com/rollbacks/req-5521',
      failedAt: null,
      failure: null,
      // When the target went live, by the deploy system's clock, not when warroom heard of it (22:29:50).
      deployedAt: utc('2026-11-28T22:29:40Z'),
      deploy: expect.objectContaining({ version: '2026.11.28-2', source: 'webhook' }),
      alsoRollsBack: [],
    });
  });

  it('should list every deploy during the incident: the one in the freeze, the rollback, the one that failed', () => {
    expect(
      changed.change?.deploysDuring.map((d) => [d.deploy.service, d.deploy.version, d.state, d.frozen, d.rollbackId]),
    ).toEqual([
      ['web', '5.2.0', 'success', true, null],
      ['payments-api', '2026.11.28-2', 'success', true, 'rb-inc-51-second'],
      ['search-api', '7.1.1', 'failure', false, null],
    ]);
    expect(changed.change?.deploysDuring[0]).toMatchObject({
      deploy: { at: utc('2026-11-28T22:18:00Z') },
      reportedAt: utc('2026-11-28T22:18:30Z'),
    });
  });

  it('should give every change event an entry of kind change', () => {
    const kinds = changed.entries.filter((e) => e.kind === 'change').map((e) => e.type);
    expect(kinds).toEqual([
      'SuspectNamed',
      'SuspectNamed',
      'DeployLanded',
      'RollbackRequested',
      'RollbackFailed',
      'RollbackRequested',
      'RollbackDispatched',
      'DeployLanded',
      'RollbackDeployed',
      'DeployLanded',
    ]);
  });
});

describe('deploy links and commits', () => {
  it.each([
    ['https://github.com/acme/payments-api/deployments/1', 'https://github.com/acme/payments-api/deployments/1'],
    ['http://ci.internal:8080/runs/7', 'http://ci.internal:8080/runs/7'],
    ['https://ci.example.com/r?q="x" <y>', 'https://ci.example.com/r?q=%22x%22%20%3Cy%3E'],
    ['javascript:alert(1)', null],
    ['JavaScript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['vbscript:msgbox', null],
    ['//evil.example.com/x', null],
    ['/runs/7', null],
    ['not a url', null],
    [null, null],
  ])('should link %j only if it is an absolute http(s) URL', (url, href) => {
    expect(httpLink(url)).toBe(href);
  });

  it('should quote a commit by its first 7 characters', () => {
    expect(shortCommit('4f2a1c9e0b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39')).toBe('4f2a1c9');
  });
});
