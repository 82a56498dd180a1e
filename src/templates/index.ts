/**
 * @module templates
 * Everything teams adapt without touching code, loaded and validated once at start-up: roles,
 * protocols, message drafts.
 */
import { join } from 'node:path';
import type { Rules } from '../incident/rules.js';
import { TemplateError } from './load-yaml.js';
import { loadMessages, type MessageTemplate } from './messages.js';
import { loadProtocols } from './protocols.js';
import { loadRoles } from './roles.js';

export const DEFAULT_PROTOCOL = 'deploy-rollback';

export interface Templates extends Rules {
  messages: Record<string, MessageTemplate>;
  dir: string;
}

/** Loads every template in `dir`; throws a TemplateError listing file, line and problem. */
export function loadTemplates(dir: string): Templates {
  const roles = loadRoles(join(dir, 'roles.yaml'));
  const messages = loadMessages(join(dir, 'messages'));
  const protocols = loadProtocols(join(dir, 'protocols'), roles, Object.keys(messages));
  if (!protocols[DEFAULT_PROTOCOL]) {
    throw new TemplateError([
      {
        file: join(dir, 'protocols'),
        line: 1,
        column: 1,
        path: '',
        message: `${DEFAULT_PROTOCOL}.yaml, the default protocol, is missing`,
      },
    ]);
  }
  return { roles, protocols, defaultProtocol: DEFAULT_PROTOCOL, messages, dir };
}
