/**
 * @module incident/roles
 * The roles an incident seats (data from templates/roles.yaml) and the timings around them.
 */

export const COMMANDER = 'commander';

export interface RoleDefinition {
  name: string;
  label: string;
  description: string;
  duties: string[];
  /** Remind the channel when nobody has taken this role this long after declare. */
  nudgeIfUnassignedAfterMs: number | undefined;
}

export interface RolePolicy {
  roles: RoleDefinition[];
  /** A handoff offer nobody answers lapses after this long. */
  offerExpiresAfterMs: number;
  /** A commander is reminded to hand off after this long in the seat. */
  commanderShiftMs: number;
}

export function roleLabel(policy: RolePolicy, role: string): string {
  return policy.roles.find((r) => r.name === role)?.label ?? role;
}

export function findRole(policy: RolePolicy, text: string): RoleDefinition | undefined {
  const wanted = text.trim().toLowerCase();
  return policy.roles.find((r) => r.name === wanted || r.label.toLowerCase() === wanted);
}

/** A small default policy, for tests and for code that runs without templates. */
export const DEFAULT_ROLE_POLICY: RolePolicy = {
  roles: [
    {
      name: COMMANDER,
      label: 'Commander',
      description: 'Runs the incident.',
      duties: [],
      nudgeIfUnassignedAfterMs: undefined,
    },
    {
      name: 'comms',
      label: 'Comms',
      description: 'Tells people outside.',
      duties: [],
      nudgeIfUnassignedAfterMs: undefined,
    },
    {
      name: 'ops',
      label: 'Ops',
      description: 'Finds and rolls back the change.',
      duties: [],
      nudgeIfUnassignedAfterMs: undefined,
    },
    {
      name: 'scribe',
      label: 'Scribe',
      description: 'Keeps the timeline.',
      duties: [],
      nudgeIfUnassignedAfterMs: undefined,
    },
  ],
  offerExpiresAfterMs: 10 * 60_000,
  commanderShiftMs: 3 * 60 * 60_000,
};
