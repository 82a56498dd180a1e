/**
 * @module templates/postmortem
 * templates/postmortem.yaml: when the postmortem is due after resolve, per severity.
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../incident/severity.js';
import { durationSchema } from './duration.js';
import { loadYamlTemplate } from './load-yaml.js';

export type DueRule = { kind: 'duration'; ms: number } | { kind: 'business-days'; days: number };

const dueSchema = z.union([
  z
    .string()
    .regex(/^\d+ business days?$/, 'must be a duration such as 3d, or a count such as "5 business days"')
    .transform((text): DueRule => ({ kind: 'business-days', days: Number.parseInt(text, 10) })),
  durationSchema.transform((ms): DueRule => ({ kind: 'duration', ms })),
]);

const postmortemSchema = z
  .object({
    due: z
      .object(Object.fromEntries(SEVERITIES.map((s) => [s, dueSchema.optional()])))
      .strict()
      .default({}),
  })
  .strict();

export function loadPostmortemPolicy(file: string): Partial<Record<Severity, DueRule>> {
  return loadYamlTemplate(file, postmortemSchema).due as Partial<Record<Severity, DueRule>>;
}
