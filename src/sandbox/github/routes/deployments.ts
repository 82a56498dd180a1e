/**
 * @module sandbox/github/routes/deployments
 * Deployments and their statuses: list (filters sha, ref, task, environment; newest first), create
 * (ref required and resolvable; a branch, tag or known sha), get, and list/create statuses. Creating a
 * status delivers `deployment_status`, one delivery per status, as GitHub does.
 */

import { addDeployment, addStatus } from '../deployments.js';
import { type Answer, githubError, notFound, validationFailed } from '../errors.js';
import type { Deployment, DeploymentStatus } from '../model.js';
import { linkHeaders, paginate } from '../pagination.js';
import { deploymentJson, deploymentStatusJson } from '../representations.js';
import { created, type RepoContext, type Route } from './types.js';

const DOCS = 'https://docs.github.com/rest/deployments/deployments';
const STATUS_DOCS = 'https://docs.github.com/rest/deployments/statuses';
const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'] as const;

function optionalString(body: Record<string, unknown>, name: string, fallback: string): string | { answer: Answer } {
  const value = body[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string')
    return {
      answer: githubError(
        422,
        `Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(value)} is not a string.`,
      ),
    };
  return value;
}

type Parsed = { payload: Record<string, unknown> } | { answer: Answer };

/** The `payload` field: an object, or a string holding a JSON object. */
function parsePayload(raw: unknown, docs: string): Parsed {
  if (raw === undefined || raw === '') return { payload: {} };
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { answer: validationFailed([{ resource: 'Deployment', code: 'invalid', field: 'payload' }], docs) };
  return { payload: value as Record<string, unknown> };
}

function createDeployment(ctx: RepoContext): Answer {
  const docs = `${DOCS}#create-a-deployment`;
  const { body } = ctx;
  if (typeof body.ref !== 'string')
    return githubError(
      422,
      'ref' in body
        ? `Invalid request.\n\nFor 'properties/ref', ${JSON.stringify(body.ref)} is not a string.`
        : 'Invalid request.\n\n"ref" wasn\'t supplied.',
      docs,
    );
  const resolved = ctx.state.resolveRef(ctx.repo, body.ref, true);
  if (!resolved) return githubError(422, `No ref found for: ${body.ref}`, docs);
  const parsed = parsePayload(body.payload, docs);
  if ('answer' in parsed) return parsed.answer;
  const environment = optionalString(body, 'environment', 'production');
  const task = optionalString(body, 'task', 'deploy');
  if (typeof environment !== 'string') return environment.answer;
  if (typeof task !== 'string') return task.answer;
  const deployment = addDeployment(ctx.state, ctx.repo, {
    sha: resolved.sha,
    ref: body.ref,
    task,
    payload: parsed.payload,
    environment,
    description: typeof body.description === 'string' ? body.description : null,
    creator: ctx.caller,
    transient: body.transient_environment === true,
    ...(typeof body.production_environment === 'boolean' ? { production: body.production_environment } : {}),
  });
  return created(deploymentJson(ctx.hosts, deployment));
}

function listDeployments(ctx: RepoContext): Answer {
  const filters = ['sha', 'ref', 'task', 'environment'] as const;
  const matching = ctx.repo.deployments
    .filter((d) => filters.every((name) => !ctx.query.get(name) || d[name] === ctx.query.get(name)))
    .sort((a, b) => b.id - a.id);
  const page = paginate(matching, ctx.query, `${ctx.hosts.api}/repositories/${ctx.repo.id}/deployments`);
  return {
    status: 200,
    json: page.items.map((d) => deploymentJson(ctx.hosts, d)),
    headers: linkHeaders(page),
  };
}

function findDeployment(ctx: RepoContext): Deployment | undefined {
  return ctx.repo.deployments.find((d) => String(d.id) === ctx.params.deployment_id);
}

function getDeployment(ctx: RepoContext): Answer {
  const deployment = findDeployment(ctx);
  return deployment
    ? { status: 200, json: deploymentJson(ctx.hosts, deployment) }
    : notFound(`${DOCS}#get-a-deployment`);
}

function createStatus(ctx: RepoContext): Answer {
  const docs = `${STATUS_DOCS}#create-a-deployment-status`;
  const deployment = findDeployment(ctx);
  if (!deployment) return notFound(docs);
  const { body } = ctx;
  if (!('state' in body)) return githubError(422, 'Invalid request.\n\n"state" wasn\'t supplied.', docs);
  if (!STATES.includes(body.state as (typeof STATES)[number]))
    return githubError(
      422,
      `Invalid request.\n\nFor 'properties/state', ${JSON.stringify(body.state)} is not one of ${STATES.map((s) => `"${s}"`).join(', ')}.`,
      docs,
    );
  const description = typeof body.description === 'string' ? body.description : '';
  if (description.length > 140)
    return validationFailed(
      [
        {
          resource: 'DeploymentStatus',
          code: 'custom',
          field: 'description',
          message: 'description is too long (maximum is 140 characters)',
        },
      ],
      docs,
    );
  const logUrl = [body.log_url, body.target_url].find((url): url is string => typeof url === 'string');
  const status = addStatus(ctx.state, deployment, {
    state: body.state as DeploymentStatus['state'],
    creator: ctx.caller,
    description,
    ...(logUrl !== undefined ? { logUrl } : {}),
    ...(typeof body.environment_url === 'string' ? { environmentUrl: body.environment_url } : {}),
    ...(typeof body.environment === 'string' ? { environment: body.environment } : {}),
    autoInactive: body.auto_inactive !== false,
  });
  ctx.effects.deploymentStatusCreated(deployment, status);
  return created(deploymentStatusJson(ctx.hosts, deployment, status));
}

function listStatuses(ctx: RepoContext): Answer {
  const deployment = findDeployment(ctx);
  if (!deployment) return notFound(`${STATUS_DOCS}#list-deployment-statuses`);
  const statuses = [...deployment.statuses].reverse();
  const page = paginate(
    statuses,
    ctx.query,
    `${ctx.hosts.api}/repositories/${ctx.repo.id}/deployments/${deployment.id}/statuses`,
  );
  return {
    status: 200,
    json: page.items.map((s) => deploymentStatusJson(ctx.hosts, deployment, s)),
    headers: linkHeaders(page),
  };
}

export const deploymentRoutes: Route[] = [
  {
    operation: 'repos/list-deployments',
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments',
    docs: `${DOCS}#list-deployments`,
    scope: 'repo',
    handle: listDeployments,
  },
  {
    operation: 'repos/create-deployment',
    method: 'POST',
    path: '/repos/{owner}/{repo}/deployments',
    docs: `${DOCS}#create-a-deployment`,
    scope: 'repo',
    handle: createDeployment,
  },
  {
    operation: 'repos/get-deployment',
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}',
    docs: `${DOCS}#get-a-deployment`,
    scope: 'repo',
    handle: getDeployment,
  },
  {
    operation: 'repos/list-deployment-statuses',
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    docs: `${STATUS_DOCS}#list-deployment-statuses`,
    scope: 'repo',
    handle: listStatuses,
  },
  {
    operation: 'repos/create-deployment-status',
    method: 'POST',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    docs: `${STATUS_DOCS}#create-a-deployment-status`,
    scope: 'repo',
    handle: createStatus,
  },
];
