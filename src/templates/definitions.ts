/**
 * @module templates/definitions
 * templates/definitions.yaml: the one line that says what each severity and status means, shown
 * wherever one is picked. Optional, and so is each line: what is left out keeps warroom's own.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_DEFINITIONS, DEFINITION_MAX, type Definitions } from '../incident/definitions.js';
import { SEVERITIES, type Severity } from '../incident/severity.js';
import { STATUSES, type Status } from '../incident/status.js';
import { loadYamlTemplate } from './load-yaml.js';

const line = z
  .string()
  .trim()
  .min(1, 'say in a few words what it means')
  .max(DEFINITION_MAX, `at most ${DEFINITION_MAX} characters: Slack shows no more of an option's description`);

const linesFor = (names: readonly string[]) =>
  z
    .object(Object.fromEntries(names.map((n) => [n, line.optional()])))
    .strict()
    .default({});

const definitionsSchema = z.object({ severities: linesFor(SEVERITIES), statuses: linesFor(STATUSES) }).strict();

/** The definitions in `file`, over warroom's own; warroom's own when there is no file. */
export function loadDefinitions(file: string): Definitions {
  if (!existsSync(file)) return DEFAULT_DEFINITIONS;
  const parsed = loadYamlTemplate(file, definitionsSchema);
  return {
    severities: { ...DEFAULT_DEFINITIONS.severities, ...(parsed.severities as Partial<Record<Severity, string>>) },
    statuses: { ...DEFAULT_DEFINITIONS.statuses, ...(parsed.statuses as Partial<Record<Status, string>>) },
  };
}
