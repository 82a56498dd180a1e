import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { loadTemplates } from '../../src/templates/index.js';
import { TemplateError } from '../../src/templates/load-yaml.js';
import { templatesWith } from '../support/harness.js';

const PROTOCOL = readFileSync(join(TEMPLATES_DIR, 'protocols/deploy-rollback.yaml'), 'utf8');

function problemsWith(files: Record<string, string>): string {
  try {
    loadTemplates(templatesWith(files));
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
  return '';
}

describe('templates/protocols', () => {
  it('should ship the deploy-rollback protocol: identify 4 steps, roll back 5, communicate 4 in parallel', () => {
    const protocol = loadTemplates(TEMPLATES_DIR).protocols['deploy-rollback'];
    expect(protocol?.phases.map((p) => [p.id, p.steps.length, p.parallel])).toEqual([
      ['identify', 4, false],
      ['rollback', 5, false],
      ['communicate', 4, true],
    ]);
    expect(protocol?.updateCadence).toEqual({ sev1: 20 * 60_000, sev2: 30 * 60_000, sev3: 60 * 60_000 });
    expect(protocol?.updateCadenceAfter).toEqual([{ after: 2 * 3_600_000, every: 60 * 60_000 }]);
    expect(loadTemplates(TEMPLATES_DIR).protocols.generic?.updateCadenceAfter).toEqual([]);
    const statuses = protocol?.phases
      .flatMap((p) => p.steps)
      .filter((s) => s.setsStatus)
      .map((s) => [s.id, s.setsStatus]);
    expect(statuses).toEqual([
      ['name-suspect', 'identified'],
      ['start-rollback', 'mitigating'],
      ['verify-recovery', 'monitoring'],
    ]);
  });

  it('should leave the commander coordinating: hands-on steps belong to ops, the decisions to the commander', () => {
    const { protocols } = loadTemplates(TEMPLATES_DIR);
    const owners = (name: string) =>
      Object.fromEntries((protocols[name]?.phases ?? []).flatMap((p) => p.steps.map((s) => [s.id, s.owner])));
    expect(owners('deploy-rollback')).toMatchObject({ 'confirm-impact': 'ops', 'decide-rollback': 'commander' });
    expect(owners('generic')).toMatchObject({ 'confirm-impact': 'ops', 'seat-roles': 'commander' });
    const commanders = Object.values(protocols).flatMap((p) =>
      p.phases.flatMap((phase) => phase.steps.filter((s) => s.owner === 'commander').map((s) => `${p.name}/${s.id}`)),
    );
    expect(commanders.sort()).toEqual(['deploy-rollback/decide-rollback', 'generic/seat-roles']);
  });

  it('should refuse a step owned by a role roles.yaml does not have, naming file, line, path and the roles', () => {
    const bad = PROTOCOL.replace(
      '        owner: ops\n        target: { sev1: 10m',
      '        owner: sre\n        target: { sev1: 10m',
    );
    const line = bad.split('\n').indexOf('        owner: sre') + 1;
    expect(problemsWith({ 'protocols/deploy-rollback.yaml': bad })).toMatch(
      new RegExp(
        `/protocols/deploy-rollback\\.yaml:${line}:16 phases\\.0\\.steps\\.1\\.owner: unknown role "sre"; roles\\.yaml has commander, comms, ops, deputy, scribe$`,
      ),
    );
  });

  it('should refuse a draft that has no message template and an unknown field', () => {
    const bad = PROTOCOL.replace('draft: status-page', 'draft: press-release').replace(
      '    parallel: true',
      '    parallel: true\n    colour: blue',
    );
    const message = problemsWith({ 'protocols/deploy-rollback.yaml': bad });
    expect(message).toMatch(/deploy-rollback\.yaml:\d+:\d+ phases\.2\.colour: unknown field "colour"/);
    expect(
      problemsWith({
        'protocols/deploy-rollback.yaml': PROTOCOL.replace('draft: status-page', 'draft: press-release'),
      }),
    ).toMatch(
      /deploy-rollback\.yaml:\d+:\d+ phases\.2\.steps\.1\.draft: no message template messages\/press-release\.md/,
    );
  });

  it('should refuse a slower cadence for long incidents that is not a duration, naming file, line and what is wrong', () => {
    const line = PROTOCOL.split('\n').indexOf('update_cadence_after: { 2h: 60m }') + 1;
    expect(
      problemsWith({
        'protocols/deploy-rollback.yaml': PROTOCOL.replace(
          'update_cadence_after: { 2h: 60m }',
          'update_cadence_after: { 2h: hourly }',
        ),
      }),
    ).toMatch(
      new RegExp(
        `/protocols/deploy-rollback\\.yaml:${line}:29 update_cadence_after\\.2h: must be a duration such as 30s, 10m, 3h or 1d$`,
      ),
    );
    expect(
      problemsWith({
        'protocols/deploy-rollback.yaml': PROTOCOL.replace(
          'update_cadence_after: { 2h: 60m }',
          'update_cadence_after: { two hours: 60m }',
        ),
      }),
    ).toMatch(
      new RegExp(
        `/protocols/deploy-rollback\\.yaml:${line}:\\d+ update_cadence_after\\.two hours: "two hours" must be how long the incident has been open, a duration such as 90m or 2h$`,
      ),
    );
  });
});
