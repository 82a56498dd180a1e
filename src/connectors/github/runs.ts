/**
 * @module connectors/github/runs
 * A workflow run as warroom needs it (`WorkflowRunSummary`), read from GitHub's `workflow-run` with a
 * lenient schema (unknown fields pass; `display_title` falls back to the workflow name on servers
 * that predate it), and the tests a run of the runs list must pass to count as one of ours.
 */
import { z } from 'zod';

export interface WorkflowRunSummary {
  id: number;
  /** `queued`, `in_progress`, `completed`, … (`unknown` if GitHub gave none). */
  status: string;
  /** `success`, `failure`, `cancelled`, …; null until the run completes. */
  conclusion: string | null;
  htmlUrl: string;
  /** When the run was created, ms since the epoch. */
  createdAt: number;
  displayTitle: string;
  headSha: string;
  event: string;
  /** The login that started the run (the token's user for a run warroom dispatched). */
  actor: string | undefined;
  /** The workflow file, e.g. `.github/workflows/rollback.yml`. */
  workflowPath: string;
}

export const workflowRunSchema = z.object({
  id: z.number(),
  name: z.string().nullish(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  html_url: z.string(),
  created_at: z.string(),
  display_title: z.string().nullish(),
  head_sha: z.string(),
  event: z.string(),
  actor: z.object({ login: z.string() }).nullish(),
  path: z.string(),
  workflow_id: z.number(),
});

export type WorkflowRunJson = z.infer<typeof workflowRunSchema>;

export const runListSchema = z.object({ workflow_runs: z.array(workflowRunSchema) });

export function toRunSummary(run: WorkflowRunJson): WorkflowRunSummary {
  return {
    id: run.id,
    status: run.status ?? 'unknown',
    conclusion: run.conclusion ?? null,
    htmlUrl: run.html_url,
    createdAt: Date.parse(run.created_at),
    displayTitle: run.display_title ?? run.name ?? '',
    headSha: run.head_sha,
    event: run.event,
    actor: run.actor?.login,
    workflowPath: run.path,
  };
}

/**
 * Whether a run belongs to `workflow`, given as GitHub's dispatch URL takes it: a numeric id or a
 * file name (`rollback.yml`, or a path ending in it). A `path@ref` suffix is ignored.
 */
export function isRunOf(run: WorkflowRunJson, workflow: string): boolean {
  if (/^\d+$/.test(workflow)) return run.workflow_id === Number(workflow);
  const path = run.path.replace(/@.*$/, '');
  return path === workflow || path.endsWith(`/${workflow.replace(/^\/+/, '')}`);
}

/** GitHub's `created` filter for "at or after `since`", to the second (its search syntax has no ms). */
export function createdSince(since: Date): string {
  const seconds = new Date(Math.floor(since.getTime() / 1000) * 1000);
  return `>=${seconds.toISOString().replace('.000Z', 'Z')}`;
}

/** The `rel="next"` URL of a `Link` header, if any. */
export function nextPage(link: string | undefined): string | undefined {
  return link?.match(/<([^>]+)>;\s*rel="next"/)?.[1];
}
