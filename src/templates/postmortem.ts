/**
 * @module templates/postmortem
 * templates/postmortem.yaml: when the postmortem is due after resolve, per severity; the labels a
 * follow-up filed as a GitHub issue gets.
 */
import { TZDate } from '@date-fns/tz';
import { addBusinessDays } from 'date-fns';
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

/**
 * When the review of an incident of `severity` resolved at `from` falls due, or undefined when its
 * severity asks for none. One that needed a rollback is reviewed even if its severity asks for none
 * (a bad deploy is worth learning from at any severity), on SEV2's terms.
 * @example
 * reviewDueAt(policy.due, 'sev3', true, Date.parse('2026-11-28T04:40Z'), 'Europe/Madrid')
 */
export function reviewDueAt(
  due: Partial<Record<Severity, DueRule>>,
  severity: Severity,
  rolledBack: boolean,
  from: number,
  timeZone: string,
): number | undefined {
  const rule = due[severity] ?? (rolledBack ? due.sev2 : undefined);
  if (!rule) return undefined;
  if (rule.kind === 'duration') return from + rule.ms;
  return addBusinessDays(new TZDate(from, timeZone), rule.days).getTime();
}

/** The day `ms` falls on in `timeZone`, as YYYY-MM-DD. */
export function dayOf(ms: number, timeZone: string): string {
  const d = new TZDate(ms, timeZone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** 09:00 of `day` (YYYY-MM-DD) in `timeZone`: when a reminder about that day goes out. */
export function morningOf(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, 9, 0, timeZone).getTime();
}
