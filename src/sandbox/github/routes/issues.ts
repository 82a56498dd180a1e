/**
 * @module sandbox/github/routes/issues
 * Issues, kept simple but shaped as recorded from api.github.com: create (title required), update
 * (title, body, state with state_reason, labels, assignees) and the repository's list (state, labels,
 * newest first, paginated). Opening, closing and reopening one are `issues` deliveries.
 */
import { type Answer, githubError, notFound, validationFailed } from '../errors.js';
import { closeIssue, type IssueAction, reopenIssue } from '../issues.js';
import { type Issue, isoSeconds } from '../model.js';
import { linkHeaders, paginate } from '../pagination.js';
import { issueJson } from '../representations.js';
import { type Context, created, type RepoContext, type Route } from './types.js';

const DOCS = 'https://docs.github.com/rest/issues/issues';

function labelNames(raw: unknown): string[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.map((label) => (typeof label === 'string' ? label : String((label as { name?: unknown }).name ?? '')));
}

function users(ctx: Context, raw: unknown) {
  return Array.isArray(raw) ? raw.filter((l): l is string => typeof l === 'string').map((l) => ctx.state.user(l)) : [];
}

function createIssue(ctx: RepoContext): Answer {
  const docs = `${DOCS}#create-an-issue`;
  const { body } = ctx;
  if (!('title' in body)) return githubError(422, 'Invalid request.\n\n"title" wasn\'t supplied.', docs);
  if (typeof body.title !== 'string' && typeof body.title !== 'number')
    return githubError(
      422,
      `Invalid request.\n\nFor 'properties/title', ${JSON.stringify(body.title)} is not a string.`,
      docs,
    );
  const at = isoSeconds();
  const issue: Issue = {
    id: ctx.state.id(),
    number: ctx.repo.issues.length + 1,
    title: String(body.title),
    body: typeof body.body === 'string' ? body.body : null,
    state: 'open',
    stateReason: null,
    labels: labelNames(body.labels) ?? [],
    assignees: users(ctx, body.assignees ?? (typeof body.assignee === 'string' ? [body.assignee] : [])),
    user: ctx.caller,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    closedBy: null,
  };
  ctx.repo.issues.push(issue);
  ctx.effects.issueChanged(ctx.repo, issue, 'opened', ctx.caller);
  return created(issueJson(ctx.hosts, ctx.repo, issue));
}

function updateIssue(ctx: RepoContext): Answer {
  const docs = `${DOCS}#update-an-issue`;
  const issue = ctx.repo.issues.find((i) => String(i.number) === ctx.params.issue_number);
  if (!issue) return notFound(docs);
  const { body } = ctx;
  if ('state' in body && body.state !== 'open' && body.state !== 'closed')
    return validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state' }], docs);
  const reason = body.state_reason;
  if (reason !== undefined && reason !== null && !['completed', 'not_planned', 'reopened'].includes(String(reason)))
    return validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state_reason' }], docs);
  const at = isoSeconds();
  if (typeof body.title === 'string') issue.title = body.title;
  if (typeof body.body === 'string' || body.body === null) issue.body = body.body;
  issue.labels = labelNames(body.labels) ?? issue.labels;
  if (Array.isArray(body.assignees)) issue.assignees = users(ctx, body.assignees);
  let action: IssueAction | undefined;
  if (body.state === 'closed' && issue.state === 'open') {
    closeIssue(issue, ctx.caller, (reason ?? null) as Issue['stateReason'], at);
    action = 'closed';
  } else if (body.state === 'open' && issue.state === 'closed') {
    reopenIssue(issue, at);
    action = 'reopened';
  }
  issue.updatedAt = at;
  if (action) ctx.effects.issueChanged(ctx.repo, issue, action, ctx.caller);
  return { status: 200, json: issueJson(ctx.hosts, ctx.repo, issue) };
}

function listIssues(ctx: RepoContext): Answer {
  const state = ctx.query.get('state') ?? 'open';
  const labels = (ctx.query.get('labels') ?? '').split(',').filter(Boolean);
  const matching = ctx.repo.issues
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => labels.every((l) => i.labels.some((own) => own.toLowerCase() === l.toLowerCase())))
    .sort((a, b) => (ctx.query.get('direction') === 'asc' ? a.number - b.number : b.number - a.number));
  const page = paginate(matching, ctx.query, `${ctx.hosts.api}/repositories/${ctx.repo.id}/issues`);
  return {
    status: 200,
    json: page.items.map((i) => issueJson(ctx.hosts, ctx.repo, i)),
    headers: linkHeaders(page),
  };
}

export const issueRoutes: Route[] = [
  {
    operation: 'issues/create',
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues',
    docs: `${DOCS}#create-an-issue`,
    scope: 'repo',
    handle: createIssue,
  },
  {
    operation: 'issues/list-for-repo',
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues',
    docs: `${DOCS}#list-repository-issues`,
    scope: 'repo',
    handle: listIssues,
  },
  {
    operation: 'issues/update',
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/issues/{issue_number}',
    docs: `${DOCS}#update-an-issue`,
    scope: 'repo',
    handle: updateIssue,
  },
];
