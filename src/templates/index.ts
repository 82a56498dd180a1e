/**
 * @module templates
 * Everything teams adapt without touching code, loaded and validated once at start-up.
 */
import { join } from 'node:path';
import type { RolePolicy } from '../incident/roles.js';
import { loadRoles } from './roles.js';

export interface Templates {
  roles: RolePolicy;
}

/** Loads every template in `dir`; throws a TemplateError listing file, line and problem. */
export function loadTemplates(dir: string): Templates {
  return { roles: loadRoles(join(dir, 'roles.yaml')) };
}
