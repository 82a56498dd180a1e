/**
 * @module templates/freeze
 * templates/freeze.yaml: which severities freeze deploys. Optional: without the file, SEV1 and SEV2 do.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../incident/severity.js';
import { loadYamlTemplate } from './load-yaml.js';

export const DEFAULT_FREEZE_SEVERITIES: readonly Severity[] = ['sev1', 'sev2'];

const freezeSchema = z
  .object({
    severities: z
      .array(z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }))
      .default([...DEFAULT_FREEZE_SEVERITIES]),
  })
  .strict();

export function loadFreezePolicy(file: string): readonly Severity[] {
  if (!existsSync(file)) return DEFAULT_FREEZE_SEVERITIES;
  return loadYamlTemplate(file, freezeSchema).severities;
}
