/**
 * @module catalog/schema
 * templates/services.yaml: each service named once, with what people call it, where its deploys come
 * from (a GitHub repo and environment, an Argo CD application) and how to roll it back (a GitHub
 * Actions workflow, an Argo CD rollback, or a signed webhook). The schema, and the catalog it parses to.
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../incident/severity.js';
import { parseThreshold, type Threshold } from '../metric/threshold.js';
import { durationSchema } from '../templates/duration.js';

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

/** How long the key metric must stay healthy before recovery counts, unless the service says. */
export const DEFAULT_SETTLE_MS = 5 * 60_000;

const metricSchema = z
  .object({
    /** PromQL giving one number (an instant vector of one series, or a scalar). */
    query: z.string().min(1).max(4000),
    /** When the value is healthy: "< 0.01", "<= 250", "> 0.995". */
    healthy: z
      .string()
      .refine((text) => parseThreshold(text) !== undefined, 'must be a comparison and a number, such as "< 0.01"'),
    /** What it is called on the board: "checkout error rate". */
    label: z.string().min(1).max(100).optional(),
    /** `%`: the query gives a ratio shown as a percentage; anything else follows the number ("ms"). */
    unit: z.string().min(1).max(16).optional(),
    settle: durationSchema.default(DEFAULT_SETTLE_MS),
    /** The dashboard: `{{from}}` and `{{to}}` (epoch ms) and `{{service}}` are filled in. */
    graph: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .optional(),
  })
  .strict();

const pagerDutyId = (what: string) =>
  z.string().regex(/^P[A-Z0-9]{5,13}$/, `must be the PagerDuty ${what} id (PXXXXXX)`);

const pagerdutySchema = z
  .object({
    /** The PagerDuty service: its incidents are this service's. */
    service: pagerDutyId('service'),
    /** Whose on-call shows on the board. */
    escalation_policy: pagerDutyId('escalation policy'),
    /** The service's Events API v2 integration key: pages go there. */
    routing_key: z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be the 32-character Events API v2 integration key'),
    /** Declare a warroom incident at this severity when PagerDuty opens a high-urgency one here. */
    auto_declare: z.enum(SEVERITIES).optional(),
  })
  .strict();

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
    /** The metric that shows this service's harm (read from Prometheus at PROMETHEUS_URL). */
    metric: metricSchema.optional(),
    /** Paging and on-call for this service (PagerDuty). */
    pagerduty: pagerdutySchema.optional(),
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
  metric?: KeyMetric | undefined;
  pagerduty?: PagerDutyService | undefined;
}

/** A service's PagerDuty side, as the catalog gives it. */
export interface PagerDutyService {
  service: string;
  escalationPolicy: string;
  routingKey: string;
  autoDeclare: Severity | undefined;
}

/** A service's key metric, as the poller reads it. */
export interface KeyMetric {
  query: string;
  healthy: Threshold;
  /** The threshold as written: "< 0.01". */
  healthyText: string;
  label: string;
  unit: string | undefined;
  settleMs: number;
  graph: string | undefined;
}

export interface Catalog {
  services: Record<string, Service>;
}

export const EMPTY_CATALOG: Catalog = { services: {} };
