/**
 * @module catalog/schema
 * templates/services.yaml: each service named once, with what people call it, where its deploys come
 * from (a GitHub repo and environment, an Argo CD application) and how to roll it back (a GitHub
 * Actions workflow, an Argo CD rollback, or a signed webhook). The schema, and the catalog it parses to.
 */
import { z } from 'zod';

const SERVICE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const serviceName = z
  .string()
  .regex(SERVICE_NAME, 'must be 1–63 lowercase letters, digits, dots, dashes or underscores');

const githubSchema = z
  .object({
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name, e.g. acme/payments-api'),
    environment: z.string().min(1).max(255).default('production'),
  })
  .strict();

const workflowSchema = z
  .object({
    workflow: z.string().regex(/^[\w./-]+\.ya?ml$|^\d+$/, 'must be the workflow file name (rollback.yml) or its id'),
    ref: z.string().min(1).max(255).default('main'),
    /** Inputs of the dispatch; `{{target}}`, `{{service}}`, `{{environment}}`, `{{incident}}`, `{{rollback_id}}` are filled in. */
    inputs: z.record(z.string(), z.string().max(1000)).default({}),
    /** The repository the workflow lives in, when not the service's own. */
    repo: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name')
      .optional(),
  })
  .strict()
  .refine((w) => Object.keys(w.inputs).length <= 25, 'GitHub takes at most 25 inputs');

const argocdRollbackSchema = z
  .object({ app: z.string().min(1).max(253), project: z.string().min(1).max(253).optional() })
  .strict();

const webhookRollbackSchema = z
  .object({ url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }) })
  .strict();

const rollbackSchema = z
  .object({
    github_workflow: workflowSchema.optional(),
    argocd: argocdRollbackSchema.optional(),
    webhook: webhookRollbackSchema.optional(),
  })
  .strict()
  .refine((r) => [r.github_workflow, r.argocd, r.webhook].filter(Boolean).length === 1, {
    message: 'name exactly one rollback driver: github_workflow, argocd or webhook',
  });

const serviceSchema = z
  .object({
    /** What people type for it: `/incident declare … payments`, a title with "checkout". */
    aliases: z.array(z.string().min(1).max(60)).default([]),
    github: githubSchema.optional(),
    /** Deploys reported by Argo CD's notifications for this application are this service's. */
    argocd: z
      .object({ app: z.string().min(1).max(253) })
      .strict()
      .optional(),
    rollback: rollbackSchema.optional(),
    /** The service's component on the status page (Statuspage component id). */
    statuspage: z
      .object({ component: z.string().regex(/^[a-z0-9]{4,40}$/, 'must be a Statuspage component id') })
      .strict()
      .optional(),
  })
  .strict();

export const catalogFileSchema = z.object({ services: z.record(serviceName, serviceSchema).default({}) }).strict();

export type ServiceFile = z.infer<typeof serviceSchema>;

export type RollbackDriver =
  | { kind: 'github_workflow'; repo: string; workflow: string; ref: string; inputs: Record<string, string> }
  | { kind: 'argocd'; app: string; project: string | undefined }
  | { kind: 'webhook'; url: string };

/** A service of the catalog, as the rest of warroom reads it. */
export interface Service {
  name: string;
  aliases: string[];
  github: { repo: string; environment: string } | undefined;
  argocd: { app: string } | undefined;
  rollback: RollbackDriver | undefined;
  statuspage: { component: string } | undefined;
}

export interface Catalog {
  services: Record<string, Service>;
}

export const EMPTY_CATALOG: Catalog = { services: {} };
