/**
 * @module changes/rollback-plan
 * What a rollback will run, decided before anything runs: the driver from the catalog with its inputs
 * filled in (`{{target}}`, `{{service}}`, `{{environment}}`, `{{incident}}`, `{{rollback_id}}`), the
 * words the confirmation shows, and which configuration the driver still lacks. Pure.
 */
import type { RollbackDriver } from '../catalog/schema.js';

export interface PlanValues {
  target: string;
  service: string;
  environment: string;
  incident: string;
  rollbackId: string;
}

/** A driver's inputs with the values filled in (an unknown `{{name}}` is left as typed). */
export function fillInputs(inputs: Record<string, string>, values: PlanValues): Record<string, string> {
  const table: Record<string, string> = {
    target: values.target,
    service: values.service,
    environment: values.environment,
    incident: values.incident,
    rollback_id: values.rollbackId,
  };
  return Object.fromEntries(
    Object.entries(inputs).map(([name, template]) => [
      name,
      template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (all, key: string) => table[key] ?? all),
    ]),
  );
}

/** The words the confirmation shows and the timeline keeps: what will run, with what. */
export function describePlan(driver: RollbackDriver, values: PlanValues): string {
  switch (driver.kind) {
    case 'github_workflow': {
      const inputs = Object.entries(fillInputs(driver.inputs, values))
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return `GitHub Actions: workflow ${driver.workflow} on ${driver.ref} of ${driver.repo}${inputs ? ` with ${inputs}` : ''}`;
    }
    case 'argocd':
      return `Argo CD: roll back application ${driver.app} to the history entry of ${values.target}${driver.project ? ` (project ${driver.project})` : ''}`;
    case 'webhook':
      return `Webhook: POST ${driver.url} (signed) asking for ${values.service} ${values.environment} at ${values.target}`;
  }
}

/** What configuration the driver needs and does not have, as the variables to set; undefined when ready. */
export function missingConfig(
  driver: RollbackDriver,
  config: { githubToken: boolean; argocdUrl: boolean; argocdToken: boolean; webhookSecret: boolean },
): string | undefined {
  switch (driver.kind) {
    case 'github_workflow':
      return config.githubToken ? undefined : 'GITHUB_TOKEN';
    case 'argocd': {
      const missing = [config.argocdUrl ? '' : 'ARGOCD_URL', config.argocdToken ? '' : 'ARGOCD_TOKEN'].filter(Boolean);
      return missing.length > 0 ? missing.join(' and ') : undefined;
    }
    case 'webhook':
      return config.webhookSecret ? undefined : 'DEPLOY_WEBHOOK_SECRET';
  }
}
