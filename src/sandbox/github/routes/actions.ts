/**
 * @module sandbox/github/routes/actions
 * Workflow dispatch and workflow runs: `POST …/dispatches` (204, or 200 with the run when
 * `return_run_details` is true), `GET …/actions/runs` with GitHub's filters and pagination, and
 * `GET …/actions/runs/{run_id}`.
 */
import { createdMatcher } from '../created-filter.js';
import { DISPATCH_DOCS, displayTitle, validateDispatch } from '../dispatch.js';
import { notFound } from '../errors.js';
import { isoSeconds, type WorkflowRun } from '../model.js';
import { linkHeaders, paginate } from '../pagination.js';
import { workflowRunJson } from '../representations.js';
import type { RepoContext, Route } from './types.js';

const LIST_DOCS = 'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository';
const GET_DOCS = 'https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run';

function dispatch(ctx: RepoContext) {
  const workflow = ctx.state.workflow(ctx.repo, ctx.params.workflow_id ?? '');
  if (!workflow) return notFound(DISPATCH_DOCS);
  const checked = validateDispatch(ctx.state, ctx.repo, workflow, ctx.body);
  if ('answer' in checked) return checked.answer;
  const now = Date.now();
  const at = isoSeconds(now);
  const run: WorkflowRun = {
    id: ctx.state.id(),
    runNumber: ctx.repo.runs.filter((r) => r.workflow === workflow).length + 1,
    checkSuiteId: ctx.state.id(),
    workflow,
    repo: ctx.repo,
    event: 'workflow_dispatch',
    status: 'queued',
    conclusion: null,
    headBranch: checked.branch,
    headSha: checked.headSha,
    displayTitle: displayTitle(workflow, checked.inputs, ctx.caller.login),
    inputs: checked.inputs,
    actor: ctx.caller,
    createdAt: at,
    updatedAt: at,
    runStartedAt: at,
    listedFrom: now + ctx.effects.runListDelayMs,
  };
  ctx.repo.runs.push(run);
  ctx.effects.runCreated(run);
  if (!checked.returnRunDetails) return { status: 204 };
  const json = workflowRunJson(ctx.hosts, run);
  return { status: 200, json: { workflow_run_id: run.id, run_url: json.url, html_url: json.html_url } };
}

const STATUSES = new Set(['requested', 'in_progress', 'completed', 'queued', 'pending', 'waiting']);

function runMatches(run: WorkflowRun, query: URLSearchParams): boolean {
  const event = query.get('event');
  if (event && run.event !== event) return false;
  const sha = query.get('head_sha');
  if (sha && run.headSha !== sha) return false;
  const branch = query.get('branch');
  if (branch && run.headBranch !== branch) return false;
  const actor = query.get('actor');
  if (actor && run.actor.login.toLowerCase() !== actor.toLowerCase()) return false;
  const suite = query.get('check_suite_id');
  if (suite && String(run.checkSuiteId) !== suite) return false;
  const status = query.get('status');
  // `status` takes a status or a conclusion.
  if (status && (STATUSES.has(status) ? run.status !== status : run.conclusion !== status)) return false;
  const created = query.get('created');
  if (created) {
    const matches = createdMatcher(created);
    if (!matches?.(run.createdAt)) return false;
  }
  return true;
}

function listRuns(ctx: RepoContext) {
  const now = Date.now();
  const runs = ctx.repo.runs
    .filter((run) => run.listedFrom <= now && runMatches(run, ctx.query))
    .sort((a, b) => b.id - a.id);
  const page = paginate(runs, ctx.query, `${ctx.hosts.api}/repositories/${ctx.repo.id}/actions/runs`);
  return {
    status: 200,
    json: { total_count: runs.length, workflow_runs: page.items.map((run) => workflowRunJson(ctx.hosts, run)) },
    headers: linkHeaders(page),
  };
}

function getRun(ctx: RepoContext) {
  const run = ctx.repo.runs.find((r) => String(r.id) === ctx.params.run_id);
  return run ? { status: 200, json: workflowRunJson(ctx.hosts, run) } : notFound(GET_DOCS);
}

export const actionsRoutes: Route[] = [
  {
    operation: 'actions/create-workflow-dispatch',
    method: 'POST',
    path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
    docs: DISPATCH_DOCS,
    scope: 'repo',
    handle: dispatch,
  },
  {
    operation: 'actions/list-workflow-runs-for-repo',
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs',
    docs: LIST_DOCS,
    scope: 'repo',
    handle: listRuns,
  },
  {
    operation: 'actions/get-workflow-run',
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs/{run_id}',
    docs: GET_DOCS,
    scope: 'repo',
    handle: getRun,
  },
];
