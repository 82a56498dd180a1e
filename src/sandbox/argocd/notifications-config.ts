/**
 * @module sandbox/argocd/notifications-config
 * Reads the argocd-notifications-cm that warroom documents (docs/integrations/argocd-notifications.yaml)
 * the way notifications-engine does: the `service.webhook.<name>` (url, headers, `$key` references
 * into argocd-notifications-secret), the templates' `webhook.<name>` parts (method, path, body) and the
 * triggers' `send` lists, checking each trigger's `when` and `oncePer` against what the emulator
 * evaluates. Anything missing or different throws.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../paths.js';
import type { TriggerName } from './application.js';
import { parseTemplate } from './go-template.js';
import { normalizeExpression, TRIGGERS } from './triggers.js';

export const DOCUMENTED_CONFIG = `${PROJECT_ROOT}docs/integrations/argocd-notifications.yaml`;

export interface WebhookTemplate {
  name: string;
  method: string;
  path: string;
  body: string;
}

export interface NotificationsConfig {
  service: string;
  /** The service URL with secrets filled in. */
  url: string;
  /** The configured headers, secrets filled in: the only headers sent. */
  headers: { name: string; value: string }[];
  /** Per trigger, the templates (with a part for this service) it sends. */
  templates: Record<TriggerName, WebhookTemplate[]>;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a map`);
  return value as Record<string, unknown>;
}

/** notifications-engine replaces `$key` with the key of argocd-notifications-secret. */
function fillSecrets(text: string, secrets: Record<string, string>): string {
  return text.replace(/\$([\w.-]+)/g, (_whole, key: string) => {
    const value = secrets[key];
    if (value === undefined) throw new Error(`argocd-notifications-secret has no key "${key}"`);
    return value;
  });
}

function readTemplate(data: Record<string, unknown>, name: string, service: string): WebhookTemplate | undefined {
  const raw = data[`template.${name}`];
  if (typeof raw !== 'string') throw new Error(`argocd-notifications-cm has no template.${name}`);
  const webhook = record(parse(raw), `template.${name}`).webhook;
  if (webhook === undefined) return undefined;
  const part = record(webhook, `template.${name}.webhook`)[service];
  if (part === undefined) return undefined;
  const { method = 'GET', path = '', body = '' } = record(part, `template.${name}.webhook.${service}`);
  parseTemplate(String(body));
  return { name, method: String(method).toUpperCase(), path: String(path), body: String(body) };
}

function readTrigger(data: Record<string, unknown>, trigger: TriggerName, service: string): WebhookTemplate[] {
  const raw = data[`trigger.${trigger}`];
  if (typeof raw !== 'string') throw new Error(`argocd-notifications-cm has no trigger.${trigger}`);
  const conditions = parse(raw) as unknown;
  if (!Array.isArray(conditions) || conditions.length !== 1)
    throw new Error(`trigger.${trigger}: the emulator evaluates exactly one condition`);
  const condition = record(conditions[0], `trigger.${trigger}[0]`);
  const expected = TRIGGERS[trigger];
  if (normalizeExpression(String(condition.when)) !== normalizeExpression(expected.when))
    throw new Error(`trigger.${trigger}: when "${String(condition.when)}" is not the condition the emulator evaluates`);
  if (String(condition.oncePer) !== expected.oncePer)
    throw new Error(`trigger.${trigger}: oncePer "${String(condition.oncePer)}" is not what the emulator evaluates`);
  const send = Array.isArray(condition.send) ? condition.send.map(String) : [];
  return send.map((name) => readTemplate(data, name, service)).filter((t): t is WebhookTemplate => t !== undefined);
}

/**
 * The webhook `service`'s configuration from a notifications ConfigMap file.
 * @example
 * loadNotificationsConfig(DOCUMENTED_CONFIG, 'warroom', { 'warroom-url': 'http://127.0.0.1:3000', … })
 */
export function loadNotificationsConfig(
  file: string,
  service: string,
  secrets: Record<string, string>,
): NotificationsConfig {
  const configMap = record(parse(readFileSync(file, 'utf8')), file);
  const data = record(configMap.data, `${file}: data`);
  const rawService = data[`service.webhook.${service}`];
  if (typeof rawService !== 'string') throw new Error(`${file} has no service.webhook.${service}`);
  const serviceConfig = record(parse(fillSecrets(rawService, secrets)), `service.webhook.${service}`);
  const headers = (Array.isArray(serviceConfig.headers) ? serviceConfig.headers : []).map((h: unknown) => {
    const header = record(h, 'a header');
    return { name: String(header.name), value: String(header.value) };
  });
  const templates = Object.fromEntries(
    (Object.keys(TRIGGERS) as TriggerName[]).map((trigger) => [trigger, readTrigger(data, trigger, service)]),
  ) as Record<TriggerName, WebhookTemplate[]>;
  return { service, url: String(serviceConfig.url), headers, templates };
}
