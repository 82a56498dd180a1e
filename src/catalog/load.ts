/**
 * @module catalog/load
 * Loads templates/services.yaml (optional: a team without a catalog loses nothing) and checks what the
 * schema cannot: an alias used by two services, a rollback workflow without a repository.
 */
import { existsSync } from 'node:fs';
import { parseThreshold } from '../metric/threshold.js';
import { loadYamlTemplate, type TemplateProblemAt } from '../templates/load-yaml.js';
import {
  type Catalog,
  catalogFileSchema,
  EMPTY_CATALOG,
  type KeyMetric,
  type RollbackDriver,
  type Service,
} from './schema.js';

type CatalogFile = ReturnType<typeof catalogFileSchema.parse>;

function crossCheck(file: CatalogFile): TemplateProblemAt[] {
  const problems: TemplateProblemAt[] = [];
  const owner = new Map<string, string>();
  for (const [name, service] of Object.entries(file.services)) {
    for (const [index, alias] of [name, ...service.aliases].entries()) {
      const key = alias.trim().toLowerCase();
      const other = owner.get(key);
      if (other && other !== name) {
        problems.push({
          path: index === 0 ? ['services', name] : ['services', name, 'aliases', index - 1],
          message: `"${alias}" already names service ${other}; each name and alias must point to one service`,
        });
      }
      owner.set(key, name);
    }
    const workflow = service.rollback?.github_workflow;
    if (workflow && !workflow.repo && !service.github) {
      problems.push({
        path: ['services', name, 'rollback', 'github_workflow'],
        message: 'says which workflow but not in which repository: add github.repo to the service, or repo here',
      });
    }
  }
  return problems;
}

function driverOf(name: string, service: CatalogFile['services'][string]): RollbackDriver | undefined {
  const r = service.rollback;
  if (r?.github_workflow) {
    const w = r.github_workflow;
    return {
      kind: 'github_workflow',
      repo: w.repo ?? service.github?.repo ?? name,
      workflow: w.workflow,
      ref: w.ref,
      inputs: w.inputs,
    };
  }
  if (r?.argocd) return { kind: 'argocd', app: r.argocd.app, project: r.argocd.project };
  if (r?.webhook) return { kind: 'webhook', url: r.webhook.url };
  return undefined;
}

function metricOf(name: string, service: CatalogFile['services'][string]): KeyMetric | undefined {
  const m = service.metric;
  const healthy = m ? parseThreshold(m.healthy) : undefined;
  if (!m || !healthy) return undefined;
  return {
    query: m.query,
    healthy,
    healthyText: m.healthy.trim(),
    label: m.label ?? `${name} key metric`,
    unit: m.unit,
    settleMs: m.settle,
    graph: m.graph,
  };
}

export function loadCatalog(file: string): Catalog {
  if (!existsSync(file)) return EMPTY_CATALOG;
  const parsed = loadYamlTemplate(file, catalogFileSchema, crossCheck);
  const services: Record<string, Service> = {};
  for (const [name, service] of Object.entries(parsed.services)) {
    services[name] = {
      name,
      aliases: service.aliases,
      github: service.github ? { repo: service.github.repo, environment: service.github.environment } : undefined,
      argocd: service.argocd,
      rollback: driverOf(name, service),
      statuspage: service.statuspage,
      metric: metricOf(name, service),
      pagerduty: service.pagerduty && {
        service: service.pagerduty.service,
        escalationPolicy: service.pagerduty.escalation_policy,
        routingKey: service.pagerduty.routing_key,
        autoDeclare: service.pagerduty.auto_declare,
      },
    };
  }
  return { services };
}
