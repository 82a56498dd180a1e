/**
 * @module templates/protocols
 * templates/protocols/*.yaml: the guided protocols. Checked at start-up against roles.yaml (every
 * step's owner must be a role) and messages/ (every draft must exist).
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { RolePolicy } from '../incident/roles.js';
import { SEVERITIES } from '../incident/severity.js';
import { STATUSES } from '../incident/status.js';
import type { Protocol } from '../protocol/definition.js';
import { STEP_TRIGGERS } from '../protocol/definition.js';
import { durationSchema } from './duration.js';
import { loadYamlTemplate, type TemplateProblemAt } from './load-yaml.js';

const id = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'ids are lowercase letters, digits and dashes');
const perSeverity = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, durationSchema.optional()]))).strict();

const inputSchema = z
  .object({
    id,
    label: z.string().min(1).max(60),
    required: z.boolean().default(false),
    placeholder: z.string().max(150).optional(),
  })
  .strict();

const stepSchema = z
  .object({
    id,
    title: z.string().min(1).max(75),
    help: z.string().max(500).default(''),
    owner: z.string().min(1),
    target: perSeverity.default({}),
    inputs: z.array(inputSchema).max(3).default([]),
    sets_status: z.enum(STATUSES).exclude(['resolved', 'investigating']).optional(),
    draft: z.string().optional(),
    completed_by: z.enum(STEP_TRIGGERS, { error: `must be one of ${STEP_TRIGGERS.join(', ')}` }).optional(),
  })
  .strict();

const phaseSchema = z
  .object({
    id,
    title: z.string().min(1).max(60),
    parallel: z.boolean().default(false),
    steps: z.array(stepSchema).min(1).max(12),
  })
  .strict();

/**
 * `update_cadence_after: { 2h: 60m }`: once the incident has been open 2 h, updates are due every 60 min
 * (when that is slower than the severity's cadence). Keys and values are durations.
 */
const cadenceAfterSchema = z
  .record(z.string(), durationSchema)
  .superRefine((entries, ctx) => {
    for (const key of Object.keys(entries)) {
      if (!durationSchema.safeParse(key).success) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${key}" must be how long the incident has been open, a duration such as 90m or 2h`,
        });
      }
    }
  })
  .transform((entries) =>
    Object.entries(entries)
      .map(([after, every]) => ({ after: durationSchema.parse(after), every }))
      .sort((a, b) => a.after - b.after),
  );

const protocolSchema = z
  .object({
    name: id,
    title: z.string().min(1).max(100),
    description: z.string().max(500).default(''),
    update_cadence: perSeverity.default({}),
    update_cadence_after: cadenceAfterSchema.default([]),
    phases: z.array(phaseSchema).min(1).max(6),
  })
  .strict();

type ProtocolFile = z.infer<typeof protocolSchema>;

function crossCheck(file: string, roles: RolePolicy, drafts: readonly string[]) {
  return (parsed: ProtocolFile): TemplateProblemAt[] => {
    const problems: TemplateProblemAt[] = [];
    if (parsed.name !== basename(file, '.yaml')) {
      problems.push({ path: ['name'], message: `must be "${basename(file, '.yaml')}", the file's name` });
    }
    const roleNames = roles.roles.map((r) => r.name);
    const seen = new Set<string>();
    parsed.phases.forEach((phase, p) => {
      phase.steps.forEach((step, s) => {
        const at = ['phases', p, 'steps', s];
        if (!roleNames.includes(step.owner)) {
          problems.push({
            path: [...at, 'owner'],
            message: `unknown role "${step.owner}"; roles.yaml has ${roleNames.join(', ')}`,
          });
        }
        if (step.draft && !drafts.includes(step.draft)) {
          problems.push({
            path: [...at, 'draft'],
            message: `no message template messages/${step.draft}.md; there are ${drafts.join(', ')}`,
          });
        }
        if (seen.has(step.id)) problems.push({ path: [...at, 'id'], message: `step id "${step.id}" is used twice` });
        seen.add(step.id);
      });
    });
    return problems;
  };
}

function toProtocol(parsed: ProtocolFile): Protocol {
  return {
    name: parsed.name,
    title: parsed.title,
    description: parsed.description,
    updateCadence: parsed.update_cadence,
    updateCadenceAfter: parsed.update_cadence_after,
    phases: parsed.phases.map((phase) => ({
      id: phase.id,
      title: phase.title,
      parallel: phase.parallel,
      steps: phase.steps.map((step) => ({
        id: step.id,
        title: step.title,
        help: step.help,
        owner: step.owner,
        inputs: step.inputs.map((input) => ({ ...input, placeholder: input.placeholder })),
        targets: step.target,
        setsStatus: step.sets_status,
        draft: step.draft,
        completedBy: step.completed_by,
      })),
    })),
  };
}

/** Every protocol in `dir`, by name. */
export function loadProtocols(dir: string, roles: RolePolicy, drafts: readonly string[]): Record<string, Protocol> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  return Object.fromEntries(
    files.map((name) => {
      const file = join(dir, name);
      const parsed = loadYamlTemplate(file, protocolSchema, crossCheck(file, roles, drafts));
      return [parsed.name, toProtocol(parsed)];
    }),
  );
}
