/**
 * @module templates/roles
 * templates/roles.yaml: the roles an incident seats, their duties, and handoff timings.
 */
import { z } from 'zod';
import { COMMANDER, type RolePolicy } from '../incident/roles.js';
import { durationSchema } from './duration.js';
import { loadYamlTemplate } from './load-yaml.js';

const roleSchema = z
  .object({
    label: z.string().min(1).max(30),
    description: z.string().min(1).max(200),
    duties: z.array(z.string().min(1).max(300)).max(10).default([]),
    nudge_if_unassigned_after: durationSchema.optional(),
  })
  .strict();

const rolesFileSchema = z
  .object({
    roles: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_-]{0,19}$/, 'role names are lowercase letters, digits, - and _'),
        roleSchema,
      )
      .refine((roles) => COMMANDER in roles, { message: 'a "commander" role is required' })
      .refine((roles) => Object.keys(roles).length <= 10, { message: 'at most 10 roles' }),
    handoff: z.object({ offer_expires_after: durationSchema }).strict(),
    commander: z.object({ hand_off_after: durationSchema }).strict(),
  })
  .strict();

export function loadRoles(file: string): RolePolicy {
  const parsed = loadYamlTemplate(file, rolesFileSchema);
  return {
    roles: Object.entries(parsed.roles).map(([name, role]) => ({
      name,
      label: role.label,
      description: role.description,
      duties: role.duties,
      nudgeIfUnassignedAfterMs: role.nudge_if_unassigned_after,
    })),
    offerExpiresAfterMs: parsed.handoff.offer_expires_after,
    commanderShiftMs: parsed.commander.hand_off_after,
  };
}
