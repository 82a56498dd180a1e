import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_CATALOG } from '../../src/catalog/schema.js';
import { type GitHubHook, parseGitHubDelivery } from '../../src/hooks/github-payloads.js';
import { catalog } from './fixtures.js';

type Json = Record<string, unknown>;
const EXAMPLES = new URL('../fixtures/contracts/github/webhook-payload-examples/', import.meta.url);
const examples = (event: string) =>
  readdirSync(new URL(`${event}/`, EXAMPLES)).map((file) => ({
    file,
    body: JSON.parse(readFileSync(new URL(`${event}/${file}`, EXAMPLES), 'utf8')) as Json,
  }));
const example = (event: string, file: string): Json =>
  structuredClone(examples(event).find((e) => e.file === file)?.body ?? {}) as Json;

const KINDS = ['deploy', 'workflow_run', 'ping', 'ignored', 'invalid'];

/** The octokit deployment_status example, moved to a repo and environment, with fields changed. */
function statusDelivery(
  change: {
    repo?: string;
    environment?: string;
    state?: string;
    ref?: string;
    payload?: unknown;
    status?: Json;
    deployment?: Json;
  } = {},
): Json {
  const body = example('deployment_status', 'payload.json');
  const deployment = body.deployment as Json;
  const status = body.deployment_status as Json;
  if (change.repo) (body.repository as Json).full_name = change.repo;
  if (change.environment) deployment.environment = status.environment = change.environment;
  if (change.state) status.state = change.state;
  if (change.ref !== undefined) deployment.ref = change.ref;
  if (change.payload !== undefined) deployment.payload = change.payload;
  Object.assign(status, change.status);
  Object.assign(deployment, change.deployment);
  return body;
}

function deploy(hook: GitHubHook) {
  if (hook.kind !== 'deploy') throw new Error(`expected a deploy, got ${JSON.stringify(hook)}`);
  return hook.report;
}

describe('parseGitHubDelivery: the contract examples', () => {
  it.each(examples('deployment_status'))('should read deployment_status example $file as a deploy', ({ body }) => {
    expect(parseGitHubDelivery('deployment_status', body, EMPTY_CATALOG).kind).toBe('deploy');
    expect(parseGitHubDelivery('deployment_status', body, catalog).kind).toBe('deploy');
  });

  it.each(examples('workflow_run'))('should read workflow_run example $file as a run', ({ body }) => {
    expect(parseGitHubDelivery('workflow_run', body, catalog).kind).toBe('workflow_run');
  });

  it('should report the plain example deploy field by field', () => {
    expect(
      deploy(parseGitHubDelivery('deployment_status', example('deployment_status', 'payload.json'), catalog)),
    ).toEqual({
      id: 'github:status:209916254',
      deployId: 'github:Codertocat/Hello-World:145988746',
      service: 'hello-world',
      environment: 'production',
      version: 'master',
      commit: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      ref: 'master',
      url: undefined,
      author: 'Codertocat',
      description: undefined,
      state: 'success',
      at: Date.parse('2019-05-15T15:20:55Z'),
      source: 'github',
    });
  });

  it('should report a GitHub Pages deploy in progress with its link', () => {
    const report = deploy(
      parseGitHubDelivery('deployment_status', example('deployment_status', 'gh-pages.payload.json'), catalog),
    );
    expect(report).toMatchObject({
      environment: 'github-pages',
      state: 'in_progress',
      author: 'github-pages[bot]',
      url: 'https://github.com/Codertocat/Hello-World/runs/145988746?check_suite_focus=true',
      at: Date.parse('2022-01-03T01:28:40Z'),
    });
  });

  it('should map the completed run example field by field', () => {
    const hook = parseGitHubDelivery('workflow_run', example('workflow_run', 'completed.payload.json'), catalog);
    expect(hook).toEqual({
      kind: 'workflow_run',
      run: {
        repo: 'octo-org/octo-repo',
        id: 289782451,
        workflowPath: '.github/workflows/test.yml',
        // The run's own name is empty in the example; the workflow's is what people see.
        name: 'test',
        status: 'completed',
        conclusion: 'success',
        htmlUrl: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
        headSha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
        displayTitle: 'ci(action): update actions/setup-node digest to 8c91899',
        event: 'repository_dispatch',
        createdAt: Date.parse('2020-10-05T16:33:24Z'),
        updatedAt: Date.parse('2020-10-05T16:33:49Z'),
      },
    });
  });

  it('should give a requested run no conclusion', () => {
    const hook = parseGitHubDelivery('workflow_run', example('workflow_run', 'requested.payload.json'), catalog);
    expect(hook).toMatchObject({ kind: 'workflow_run', run: { status: 'queued', conclusion: null } });
  });
});

describe('parseGitHubDelivery: which service a deploy is', () => {
  it('should name the catalog service for a catalogued repo and environment', () => {
    const report = deploy(
      parseGitHubDelivery('deployment_status', statusDelivery({ repo: 'acme/payments-api' }), catalog),
    );
    expect(report).toMatchObject({ service: 'payments-api', environment: 'production' });
    expect(report.deployId).toBe('github:acme/payments-api:145988746');
  });

  it('should find the catalogued repo whatever its case', () => {
    const report = deploy(
      parseGitHubDelivery('deployment_status', statusDelivery({ repo: 'Acme/Payments-API' }), catalog),
    );
    expect(report.service).toBe('payments-api');
  });

  it('should name the catalog service followed in a non-production environment', () => {
    const body = statusDelivery({ repo: 'acme/search', environment: 'prod-eu' });
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog))).toMatchObject({
      service: 'search',
      environment: 'prod-eu',
    });
  });

  it('should ignore a deploy to staging of a repo the catalog follows in production, saying so', () => {
    const body = statusDelivery({ repo: 'acme/payments-api', environment: 'staging' });
    expect(parseGitHubDelivery('deployment_status', body, catalog)).toEqual({
      kind: 'ignored',
      reason: 'deploy to staging of acme/payments-api, which the catalog follows in production',
    });
  });

  it.each([
    ['acme/billing', 'billing'],
    ['Acme/Payments_API', 'payments_api'],
    ['acme/.github', 'github'],
    ['acme/My.Service-2', 'my.service-2'],
  ])('should name an uncatalogued repo %s after its name, %s', (repo, service) => {
    expect(deploy(parseGitHubDelivery('deployment_status', statusDelivery({ repo }), catalog)).service).toBe(service);
  });

  it('should take the environment a status moved the deployment to', () => {
    const body = statusDelivery({ repo: 'acme/payments-api', status: { environment: 'production' } });
    (body.deployment as Json).environment = 'production-canary';
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog))).toMatchObject({
      service: 'payments-api',
      environment: 'production',
    });
  });
});

describe('parseGitHubDelivery: what the deploy is called and where to look', () => {
  const sha = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';

  it('should call the deploy by the version the deployer put in the payload', () => {
    const body = statusDelivery({ payload: { version: '2026.11.28-3', other: true } });
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog))).toMatchObject({
      version: '2026.11.28-3',
      ref: 'master',
      commit: sha,
    });
  });

  it('should read the version from a payload sent as a JSON string', () => {
    const body = statusDelivery({ payload: '{"version":"v9.1.0"}' });
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog)).version).toBe('v9.1.0');
  });

  it('should call the deploy by its tag when the payload has no version', () => {
    const body = statusDelivery({ ref: 'v1.4.2', payload: { version: 42 } });
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog)).version).toBe('v1.4.2');
  });

  it('should call a deploy of a bare sha by its short sha', () => {
    const body = statusDelivery({ ref: sha });
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog)).version).toBe('f95f852');
  });

  it('should link the log when the status has no target_url', () => {
    const body = statusDelivery({ status: { target_url: '', log_url: 'https://ci.example.com/run/7' } });
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog)).url).toBe('https://ci.example.com/run/7');
  });

  it('should link the deployed site when that is all the status has', () => {
    const body = statusDelivery({ status: { target_url: '', environment_url: 'https://pay.example.com' } });
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog)).url).toBe('https://pay.example.com');
  });

  it('should link the workflow run that made the deployment when the status links nothing', () => {
    const body = example('deployment_status', 'gh-pages.payload.json');
    Object.assign(body.deployment_status as Json, { target_url: '', log_url: 'not a link', environment_url: '' });
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog)).url).toBe(
      'https://github.com/Codertocat/Hello-World/actions/runs/289782451',
    );
  });

  it('should keep the status description', () => {
    const body = statusDelivery({ status: { description: 'Deployed by Actions' } });
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog)).description).toBe('Deployed by Actions');
  });

  it.each([
    ['success', 'success'],
    ['failure', 'failure'],
    ['error', 'error'],
    ['inactive', 'inactive'],
    ['in_progress', 'in_progress'],
    ['queued', 'queued'],
    ['pending', 'pending'],
    ['waiting', 'pending'],
  ])('should report a %s status as %s', (state, expected) => {
    expect(deploy(parseGitHubDelivery('deployment_status', statusDelivery({ state }), catalog)).state).toBe(expected);
  });

  it('should ignore a status state GitHub has not sent before, naming it', () => {
    const hook = parseGitHubDelivery('deployment_status', statusDelivery({ state: 'exploded' }), catalog);
    expect(hook.kind).toBe('ignored');
    expect(hook.kind === 'ignored' && hook.reason).toMatch(/"exploded"/);
  });

  it('should date the report by when the status was created', () => {
    const body = statusDelivery({ status: { created_at: '2026-11-28T14:03:00Z', updated_at: '2026-11-28T14:05:00Z' } });
    expect(deploy(parseGitHubDelivery('deployment_status', body, catalog)).at).toBe(Date.parse('2026-11-28T14:03:00Z'));
  });
});

describe('parseGitHubDelivery: events and bodies warroom does not take', () => {
  it('should answer a ping as a ping', () => {
    expect(parseGitHubDelivery('ping', { zen: 'Design for failure.', hook_id: 1 }, catalog)).toEqual({ kind: 'ping' });
  });

  it.each(['push', 'release', 'deployment', 'workflow_dispatch', 'issues'])(
    'should ignore a %s event, naming it',
    (event) => {
      const hook = parseGitHubDelivery(event, {}, catalog);
      expect(hook.kind).toBe('ignored');
      expect(hook.kind === 'ignored' && hook.reason).toContain(`"${event}"`);
    },
  );

  it('should ignore a workflow_run action it does not read', () => {
    const body = { ...example('workflow_run', 'completed.payload.json'), action: 'deleted' };
    expect(parseGitHubDelivery('workflow_run', body, catalog).kind).toBe('ignored');
  });

  it('should refuse a delivery without an event name', () => {
    const hook = parseGitHubDelivery('', {}, catalog);
    expect(hook).toMatchObject({ kind: 'invalid' });
    expect(hook.kind === 'invalid' && hook.problem).toMatch(/^X-GitHub-Event: /);
  });

  it('should name the field and what was expected when deployment.environment is not a string', () => {
    const body = statusDelivery({ deployment: { environment: null } });
    expect(parseGitHubDelivery('deployment_status', body, catalog)).toEqual({
      kind: 'invalid',
      problem: 'deployment.environment: expected a string, got null',
    });
  });

  it('should say a required field is missing', () => {
    const body = statusDelivery();
    delete (body.repository as Json).full_name;
    expect(parseGitHubDelivery('deployment_status', body, catalog)).toEqual({
      kind: 'invalid',
      problem: 'repository.full_name: expected a string, but it is missing',
    });
  });

  it.each([
    [{ created_at: 'yesterday' }, 'deployment_status.created_at: expected an ISO 8601 time'],
    [{ id: '209916254' }, 'deployment_status.id: expected a number, got "209916254"'],
    [{ id: 1.5 }, 'deployment_status.id: expected a whole number, got the number 1.5'],
  ])('should explain a bad deployment_status field %j', (status, problem) => {
    const hook = parseGitHubDelivery('deployment_status', statusDelivery({ status }), catalog);
    expect(hook.kind === 'invalid' && hook.problem).toContain(problem);
  });

  it('should list at most three problems, counting the rest', () => {
    const hook = parseGitHubDelivery('deployment_status', { deployment: {}, repository: 7 }, catalog);
    expect(hook.kind).toBe('invalid');
    const problem = hook.kind === 'invalid' ? hook.problem : '';
    expect(problem.split('; ')).toHaveLength(3);
    expect(problem).toMatch(/\(and \d+ more\)$/);
  });

  it.each([[[]], [null], ['text'], [42]])('should refuse a body that is not an object (%j)', (body) => {
    expect(parseGitHubDelivery('deployment_status', body, catalog)).toMatchObject({
      kind: 'invalid',
      problem: expect.stringMatching(/^the body: expected a JSON object, got /),
    });
    expect(parseGitHubDelivery('workflow_run', body, catalog).kind).toBe('invalid');
  });

  it('should read a run sent without display_title by its name', () => {
    const body = example('workflow_run', 'completed.payload.json');
    delete (body.workflow_run as Json).display_title;
    expect(parseGitHubDelivery('workflow_run', body, catalog)).toMatchObject({ run: { displayTitle: 'test' } });
  });
});

describe('parseGitHubDelivery: properties', () => {
  const events = fc.oneof(
    fc.constantFrom('deployment_status', 'workflow_run', 'ping', 'push', ''),
    fc.string({ unit: 'grapheme' }),
  );

  it('should never throw on any JSON body, and always answer one of the kinds', () => {
    fc.assert(
      fc.property(events, fc.jsonValue(), (event, body) => {
        expect(KINDS).toContain(parseGitHubDelivery(event, body, catalog).kind);
      }),
    );
  });

  const fields = {
    deployment_status: [
      ['deployment_status'],
      ['deployment_status', 'id'],
      ['deployment_status', 'state'],
      ['deployment_status', 'created_at'],
      ['deployment_status', 'target_url'],
      ['deployment_status', 'environment'],
      ['deployment'],
      ['deployment', 'environment'],
      ['deployment', 'payload'],
      ['deployment', 'sha'],
      ['deployment', 'ref'],
      ['deployment', 'creator'],
      ['repository', 'full_name'],
      ['workflow_run'],
      ['action'],
    ],
    workflow_run: [
      ['action'],
      ['workflow_run'],
      ['workflow_run', 'id'],
      ['workflow_run', 'conclusion'],
      ['workflow_run', 'created_at'],
      ['workflow_run', 'display_title'],
      ['workflow'],
      ['repository'],
    ],
  };

  it.each(Object.entries(fields))(
    'should never throw when any field the %s parser reads holds any JSON',
    (event, paths) => {
      const bodies = examples(event).map((e) => e.body);
      fc.assert(
        fc.property(fc.constantFrom(...bodies), fc.constantFrom(...paths), fc.jsonValue(), (original, path, value) => {
          const body = structuredClone(original);
          let target: Json = body;
          for (const key of path.slice(0, -1)) target = (target[key] ?? {}) as Json;
          target[path.at(-1) ?? ''] = value;
          const hook = parseGitHubDelivery(event, body, catalog);
          expect(KINDS).toContain(hook.kind);
          if (hook.kind === 'invalid') expect(hook.problem.length).toBeGreaterThan(0);
          if (hook.kind === 'deploy') expect(Number.isFinite(hook.report.at)).toBe(true);
        }),
      );
    },
  );
});
