import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { loadTemplates } from '../../src/templates/index.js';
import { TemplateError } from '../../src/templates/load-yaml.js';
import { templatesWith } from '../support/harness.js';
import { runWarroom } from '../support/process.js';

const ROLES = readFileSync(join(TEMPLATES_DIR, 'roles.yaml'), 'utf8');

function problemsWith(rolesYaml: string): string {
  try {
    loadTemplates(templatesWith({ 'roles.yaml': rolesYaml }));
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
  return '';
}

describe('templates/roles.yaml', () => {
  it('should load the shipped roles: commander, comms, ops, deputy and scribe, with duties and timings', () => {
    const { roles } = loadTemplates(TEMPLATES_DIR);
    expect(roles.roles.map((r) => r.name)).toEqual(['commander', 'comms', 'ops', 'deputy', 'scribe']);
    expect(roles.roles.every((r) => r.duties.length > 0)).toBe(true);
    expect(roles.offerExpiresAfterMs).toBe(10 * 60_000);
    expect(roles.commanderShiftMs).toBe(3 * 60 * 60_000);
  });

  it('should name the file, line and field of an unknown field', () => {
    const message = problemsWith(ROLES.replace('    label: Ops\n', '    label: Ops\n    colour: red\n'));
    const line = ROLES.split('\n').indexOf('    label: Ops') + 2;
    expect(message).toMatch(new RegExp(`/roles\\.yaml:${line}:5 roles\\.ops\\.colour: unknown field "colour"$`, 'm'));
  });

  it('should refuse roles without a commander', () => {
    const withoutCommander = ROLES.replace(/ {2}commander:\n(?: {4}.*\n| {6}.*\n)+/, '');
    expect(problemsWith(withoutCommander)).toMatch(/\/roles\.yaml:\d+:\d+ roles: a "commander" role is required$/m);
  });

  it('should explain a duration it cannot read', () => {
    expect(problemsWith(ROLES.replace('offer_expires_after: 10m', 'offer_expires_after: ten minutes'))).toMatch(
      /roles\.yaml:\d+:\d+ handoff\.offer_expires_after: must be a duration such as 30s, 10m, 3h or 1d/,
    );
  });

  it('should stop warroom at start-up with exit code 1 and the problem', async () => {
    const dir = templatesWith({ 'roles.yaml': ROLES.replace('  commander:\n', '  boss:\n') });
    const run = runWarroom(['worker'], {
      SLACK_BOT_TOKEN: 'xoxb-1-test',
      WARROOM_TEMPLATES_DIR: dir,
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('warroom cannot start: a template is invalid');
    expect(run.output()).toMatch(/roles\.yaml:\d+:\d+ roles: a "commander" role is required/);
  });
});
