import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS } from '../../src/incident/definitions.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { loadDefinitions } from '../../src/templates/definitions.js';
import { loadTemplates } from '../../src/templates/index.js';
import { TemplateError } from '../../src/templates/load-yaml.js';
import { templatesWith } from '../support/harness.js';

const DEFINITIONS = readFileSync(join(TEMPLATES_DIR, 'definitions.yaml'), 'utf8');

function problemsWith(yaml: string): string {
  try {
    loadTemplates(templatesWith({ 'definitions.yaml': yaml }));
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
  return '';
}

describe('templates/definitions.yaml', () => {
  it('should ship a definition of every severity and status, each short enough for a menu option', () => {
    const { definitions } = loadTemplates(TEMPLATES_DIR);
    expect(Object.keys(definitions.severities)).toEqual(['sev1', 'sev2', 'sev3', 'sev4']);
    expect(Object.keys(definitions.statuses)).toEqual([
      'investigating',
      'identified',
      'mitigating',
      'monitoring',
      'resolved',
    ]);
    expect(definitions.severities.sev1).toBe('Critical: customers cannot use a core feature, or data is at risk');
    for (const line of [...Object.values(definitions.severities), ...Object.values(definitions.statuses)]) {
      expect(line.length).toBeGreaterThan(0);
      expect(line.length).toBeLessThanOrEqual(75);
    }
  });

  it('should take the team’s lines and keep warroom’s own for what the file leaves out', () => {
    const { definitions } = loadTemplates(
      templatesWith({ 'definitions.yaml': 'severities:\n  sev1: Checkout or login down for anyone\n' }),
    );
    expect(definitions.severities.sev1).toBe('Checkout or login down for anyone');
    expect(definitions.severities.sev2).toBe(DEFAULT_DEFINITIONS.severities.sev2);
    expect(definitions.statuses).toEqual(DEFAULT_DEFINITIONS.statuses);
    expect(loadDefinitions(join(TEMPLATES_DIR, 'no-such-file.yaml'))).toEqual(DEFAULT_DEFINITIONS);
  });

  it('should refuse a line longer than a menu shows, and an unknown severity, naming file and line', () => {
    const long = DEFINITIONS.replace(/ {2}sev2: .*/, `  sev2: ${'x'.repeat(76)}`);
    const line = long.split('\n').findIndex((l) => l.startsWith('  sev2:')) + 1;
    expect(problemsWith(long)).toMatch(
      new RegExp(`/definitions\\.yaml:${line}:\\d+ severities\\.sev2: at most 75 characters`),
    );
    expect(problemsWith(DEFINITIONS.replace('  sev4:', '  sev5:'))).toMatch(
      /\/definitions\.yaml:\d+:\d+ severities\.sev5: unknown field "sev5"/,
    );
  });
});
