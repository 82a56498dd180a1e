/**
 * @module templates
 * Everything teams adapt without touching code, loaded and validated once at start-up: roles,
 * protocols, message drafts, what severities and statuses mean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { loadCatalog } from '../catalog/load.js';
import type { Rules } from '../incident/rules.js';
import type { Severity } from '../incident/severity.js';
import { loadChangesPolicy } from './changes.js';
import { loadDefinitions } from './definitions.js';
import { displayPath, TemplateError } from './load-yaml.js';
import { loadMessages, type MessageTemplate } from './messages.js';
import { type DueRule, loadPostmortemPolicy } from './postmortem.js';
import { loadProtocols } from './protocols.js';
import { loadRoles } from './roles.js';

export const DEFAULT_PROTOCOL = 'deploy-rollback';

export interface Templates extends Rules {
  messages: Record<string, MessageTemplate>;
  /** Severities whose open incidents freeze deploys (templates/changes.yaml). */
  freezeSeverities: readonly Severity[];
  /** How far before the impact start the changes card looks (templates/changes.yaml, default 6 h). */
  changesWindowMs: number;
  /** When the postmortem is due after resolve, per severity. */
  postmortemDue: Partial<Record<Severity, DueRule>>;
  /** Labels of the GitHub issues follow-ups are filed as (templates/postmortem.yaml `follow_ups`). */
  followUpLabels: string[];
  dir: string;
}

/** A Mustache template that does not parse stops warroom at start-up rather than at the first export. */
function checkMustache(file: string): void {
  try {
    Mustache.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TemplateError([
      { file: displayPath(file), line: 1, column: 1, path: '', message: (error as Error).message },
    ]);
  }
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
  const { due: postmortemDue, followUpLabels } = loadPostmortemPolicy(join(dir, 'postmortem.yaml'));
  checkMustache(join(dir, 'postmortem.md'));
  const changes = loadChangesPolicy(join(dir, 'changes.yaml'));
  const catalog = loadCatalog(join(dir, 'services.yaml'));
  return {
    roles,
    protocols,
    defaultProtocol: DEFAULT_PROTOCOL,
    catalog,
    definitions: loadDefinitions(join(dir, 'definitions.yaml')),
    messages,
    postmortemDue,
    followUpLabels,
    freezeSeverities: changes.freezeSeverities,
    changesWindowMs: changes.windowMs,
    dir,
  };
}
