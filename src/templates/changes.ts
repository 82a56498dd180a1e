/**
 * @module templates/changes
 * templates/changes.yaml: how far back the changes card looks, and which severities freeze deploys.
 * Optional: without the file, 6 hours and SEV1/SEV2.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../incident/severity.js';
import { durationSchema } from './duration.js';
import { loadYamlTemplate } from './load-yaml.js';

export const DEFAULT_FREEZE_SEVERITIES: readonly Severity[] = ['sev1', 'sev2'];
export const DEFAULT_CHANGES_WINDOW_MS = 6 * 3_600_000;

const changesSchema = z
  .object({
    window: durationSchema.default(DEFAULT_CHANGES_WINDOW_MS),
    freeze: z
      .object({
        severities: z
          .array(z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }))
          .default([...DEFAULT_FREEZE_SEVERITIES]),
      })
      .strict()
      .default({ severities: [...DEFAULT_FREEZE_SEVERITIES] }),
  })
  .strict();

export interface ChangesPolicy {
  windowMs: number;
  freezeSeverities: readonly Severity[];
}

export function loadChangesPolicy(file: string): ChangesPolicy {
  if (!existsSync(file)) return { windowMs: DEFAULT_CHANGES_WINDOW_MS, freezeSeverities: DEFAULT_FREEZE_SEVERITIES };
  const parsed = loadYamlTemplate(file, changesSchema);
  return { windowMs: parsed.window, freezeSeverities: parsed.freeze.severities };
}
