/**
 * @module demo/catalog
 * The demo's templates: the shipped ones copied to a temp dir with a services.yaml naming payments-api,
 * its GitHub deploys and rollback workflow, and its key metric (the checkout error rate).
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../paths.js';
import { REPO } from './github.js';
import { METRIC_YAML } from './metric.js';

const SERVICES_YAML = `services:
  payments-api:
    aliases: [payments, checkout]
    github: { repo: ${REPO}, environment: production }
    rollback:
      github_workflow: { workflow: rollback.yml, ref: main, inputs: { version: "{{target}}" } }
${METRIC_YAML}`;

/**
 * The shipped templates with the catalog added: the shipped folder has none, and a team without one
 * must lose nothing.
 */
export function templatesWithCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-demo-templates-'));
  cpSync(TEMPLATES_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'services.yaml'), SERVICES_YAML);
  return dir;
}
