/**
 * @module templates/postmortem
 * templates/postmortem.yaml: when the postmortem is due after resolve, per severity; the labels a
 * follow-up filed as a GitHub issue gets.
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
    follow_ups: z
      .object({
        /** Labels of the GitHub issue a follow-up is filed as (its priority, p1–p3, is added). */
        labels: z.array(z.string().min(1).max(50)).max(10).default(['incident-follow-up']),
      })
      .strict()
      .default({ labels: ['incident-follow-up'] }),
  })
  .strict();

export interface PostmortemPolicy {
  due: Partial<Record<Severity, DueRule>>;
  followUpLabels: string[];
}

export function loadPostmortemPolicy(file: string): PostmortemPolicy {
  const loaded = loadYamlTemplate(file, postmortemSchema);
  return { due: loaded.due as Partial<Record<Severity, DueRule>>, followUpLabels: loaded.follow_ups.labels };
}
