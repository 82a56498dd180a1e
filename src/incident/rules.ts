/**
 * @module incident/rules
 * The team's data the domain decides with: roles and protocols (from templates/, validated at start),
 * and what its severities and statuses mean.
 */
import { type Catalog, EMPTY_CATALOG } from '../catalog/schema.js';
import type { Protocol } from '../protocol/definition.js';
import { DEFAULT_DEFINITIONS, type Definitions } from './definitions.js';
import { DEFAULT_ROLE_POLICY, type RolePolicy } from './roles.js';

export interface Rules {
  roles: RolePolicy;
  protocols: Record<string, Protocol>;
  /** The protocol a quick declare runs. */
  defaultProtocol: string;
  /** The services (templates/services.yaml; empty without one). */
  catalog: Catalog;
  /** What each severity and status means (templates/definitions.yaml; warroom's own without one). */
  definitions: Definitions;
}

export const EMPTY_RULES: Rules = {
  roles: DEFAULT_ROLE_POLICY,
  protocols: {},
  defaultProtocol: '',
  catalog: EMPTY_CATALOG,
  definitions: DEFAULT_DEFINITIONS,
};

/** The protocol named `name`, if the rules have one of their own by that name (never a built-in property). */
export function protocolNamed(rules: Pick<Rules, 'protocols'>, name: string | undefined): Protocol | undefined {
  return name !== undefined && Object.hasOwn(rules.protocols, name) ? rules.protocols[name] : undefined;
}
