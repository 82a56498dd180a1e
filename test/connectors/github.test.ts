import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectorError, isConnectorError } from '../../src/connectors/errors.js';
import { GitHubClient } from '../../src/connectors/github/client.js';
import { gitHubAnswerError } from '../../src/connectors/github/errors.js';
import { GitHubEmulator, type WorkflowSpec } from '../../src/sandbox/github/emulator.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const TOKEN = 'ghp_connectortest0123456789';
const REPO = 'acme/checkout';
const MAIN = 'c'.repeat(40);
const DISPATCH = 'actions/create-workflow-dispatch';

const rollback: WorkflowSpec = {
  file: 'rollback.yml',
  name: 'Rollback',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
  runName: 'Rollback to ${{ inputs.version }} (${{ inputs.marker }})',
  inputs: [
    { name: 'version', required: true },
    { name: 'marker', required: false, default: '' },
  ],
  onDispatch: { queuedMs: 5, runMs: 10 },
};
const deploy: WorkflowSpec = { file: 'deploy.yml', inputs: [{ name: 'version', required: true }] };

const emulatorOptions = (extra: Partial<Parameters<typeof GitHubEmulator.start>[0]> = {}) => ({
  webhookSecret: 'unused-in-these-tests',
  token: TOKEN,
  events: [],
  repos: [{ fullName: REPO, branches: { main: MAIN }, workflows: [rollback, deploy] }],
  ...extra,
});

/** The error a call rejected with, failing the test if it resolved or threw something else. */
async function failure(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

/**
 * A GitHub as the emulator lacks two things of: `GET /user` (answered here), and a dispatch without
 * `return_run_details` support: the field is dropped on the way (so the emulator answers 204), or,
 * with `refuseRunDetails`, refused with a 422 as a server whose schema lacks it might (wording
 * guessed). Everything else is passed through to the emulator.
 */
async function startOlderGitHub(target: GitHubEmulator, login: string, options: { refuseRunDetails?: boolean } = {}) {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.url === '/user') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ login, id: 1, type: 'User' }));
        return;
      }
      let body = Buffer.concat(chunks).toString('utf8');
      if (req.url?.endsWith('/dispatches') && body) {
        const { return_run_details: asked, ...rest } = JSON.parse(body);
        if (asked !== undefined && options.refuseRunDetails) {
          const message = 'Invalid request.\n\n"return_run_details" is not a permitted key.';
          res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
          return;
        }
        body = JSON.stringify(rest);
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host'),
      );
      delete headers['content-length'];
      const answer = await fetch(`${target.apiUrl}${req.url}`, {
        method: req.method,
        headers,
        ...(body ? { body } : {}),
      });
      res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('GitHubClient', () => {
  let github: GitHubEmulator;
  let client: GitHubClient;

  beforeEach(async () => {
    github = await GitHubEmulator.start(emulatorOptions());
    client = new GitHubClient({ apiUrl: github.apiUrl, token: TOKEN });
  });
  afterEach(async () => {
    await github.idle();
    expect(github.problems).toEqual([]);
    await github.stop();
  });

  it('should dispatch once with the ref and inputs and return the run id GitHub gives', async () => {
    const made = await client.dispatchWorkflow(REPO, 'rollback.yml', 'main', { version: 'v1.4.2', marker: 'wr-1' });
    const runs = github.runs(REPO);
    expect(runs).toHaveLength(1);
    expect(made).toEqual({
      runId: runs[0]?.id,
      runUrl: `${github.apiUrl}/repos/${REPO}/actions/runs/${runs[0]?.id}`,
      htmlUrl: `${github.baseUrl}/${REPO}/actions/runs/${runs[0]?.id}`,
    });
    const dispatches = github.calls.filter((c) => c.operation === DISPATCH);
    expect(dispatches).toHaveLength(1);
    expect(dispatches[0]?.body).toEqual({
      ref: 'main',
      inputs: { version: 'v1.4.2', marker: 'wr-1' },
      return_run_details: true,
    });
    expect(dispatches[0]?.credentials).toBe('token');
    expect(dispatches[0]?.headers).toMatchObject({
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'warroom',
    });
  });

  it('should read back the run it dispatched, by id, until it completes', async () => {
    const { runId } = await client.dispatchWorkflow(REPO, 'rollback.yml', 'main', {
      version: 'v1.4.2',
      marker: 'wr-2',
    });
    const run = await client.getRun(REPO, runId ?? 0);
    expect(run).toMatchObject({
      id: runId,
      event: 'workflow_dispatch',
      actor: 'warroom-bot',
      workflowPath: '.github/workflows/rollback.yml',
      displayTitle: 'Rollback to v1.4.2 (wr-2)',
      headSha: MAIN,
      htmlUrl: `${github.baseUrl}/${REPO}/actions/runs/${runId}`,
    });
    expect(Math.abs(run.createdAt - Date.now())).toBeLessThan(5000);
    await github.waitFor(() => github.runs(REPO)[0]?.status === 'completed');
    expect(await client.getRun(REPO, runId ?? 0)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it("should refuse a dispatch without a required input as not retryable, quoting GitHub's message", async () => {
    const error = await failure(client.dispatchWorkflow(REPO, 'rollback.yml', 'main', { marker: 'wr-3' }));
    expect(error).toMatchObject({ system: 'github', status: 422, retryable: false, retryAfterMs: undefined });
    expect(error.detail).toBe("GitHub answered 422: Required input 'version' not provided");
    expect(github.runs(REPO)).toHaveLength(0);
  });

  it('should call an exhausted rate limit retryable once the limit resets, and not retry by itself', async () => {
    github.rateLimit.exhaust();
    const before = github.calls.length;
    const error = await failure(client.dispatchWorkflow(REPO, 'rollback.yml', 'main', { version: 'v1.4.2' }));
    expect(error).toMatchObject({ status: 403, retryable: true });
    expect(error.detail).toMatch(
      /^GitHub answered 403: API rate limit exceeded for user ID \d+\. Retry in (\d+ min|1 h)\.$/,
    );
    const resetMs = github.rateLimit.reset * 1000 - Date.now();
    expect(Math.abs((error.retryAfterMs ?? 0) - resetMs)).toBeLessThan(2000);
    expect(github.calls.length - before).toBe(1);
    expect(github.runs(REPO)).toHaveLength(0);
  });

  it('should wait out a secondary rate limit for as long as its retry-after says', async () => {
    github.injectFault({ operation: DISPATCH, kind: 'secondary-rate-limit', status: 429, retryAfter: 7, times: 1 });
    const error = await failure(client.dispatchWorkflow(REPO, 'rollback.yml', 'main', { version: 'v1.4.2' }));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 7000 });
    expect(error.detail).toContain('secondary rate limit');
    expect(github.calls.filter((c) => c.operation === DISPATCH)).toHaveLength(1);
  });

  it('should call a 502 retryable', async () => {
    github.injectFault({ operation: DISPATCH, kind: 'server-error', status: 502, times: 1 });
    const error = await failure(client.dispatchWorkflow(REPO, 'rollback.yml', 'main', { version: 'v1.4.2' }));
    expect(error).toMatchObject({ status: 502, retryable: true, retryAfterMs: undefined });
    expect(error.detail).toBe('GitHub answered 502: Server Error: the workflow may have been dispatched all the same');
    expect(github.runs(REPO)).toHaveLength(0);
  });

  it('should call a dispatch whose connection dropped retryable, and then find the run it made', async () => {
    const since = new Date();
    github.injectFault({ operation: DISPATCH, kind: 'crash-after', times: 1 });
    const error = await failure(
      client.dispatchWorkflow(REPO, 'rollback.yml', 'main', { version: 'v1.4.2', marker: 'wr-9' }),
    );
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.detail).toMatch(
      /^No answer from GitHub at 127\.0\.0\.1:\d+ \(.+\): the workflow may have been dispatched/,
    );
    const found = await client.listDispatchedRuns(REPO, 'rollback.yml', { since });
    expect(found.map((r) => [r.id, r.displayTitle])).toEqual([[github.runs(REPO)[0]?.id, 'Rollback to v1.4.2 (wr-9)']]);
    const listed = github.calls.at(-1);
    expect(listed?.query).toMatchObject({ event: 'workflow_dispatch', per_page: '100' });
    expect(listed?.query.created).toMatch(/^>=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("should list only this workflow's dispatched runs since a time, newest first, across pages", async () => {
    const since = new Date();
    const first = await client.dispatchWorkflow(REPO, 'rollback.yml', 'main', { version: 'v1', marker: 'a' });
    await client.dispatchWorkflow(REPO, 'deploy.yml', 'main', { version: 'v2' });
    const second = await client.dispatchWorkflow(REPO, 'rollback.yml', 'main', { version: 'v3', marker: 'b' });
    const listCalls = () => github.calls.filter((c) => c.operation === 'actions/list-workflow-runs-for-repo').length;

    const runs = await client.listDispatchedRuns(REPO, 'rollback.yml', { since, perPage: 1 });
    expect(runs.map((r) => r.id)).toEqual([second.runId, first.runId]);
    expect(listCalls()).toBe(3);
    const workflowId = github.state.repos[0]?.workflows.find((w) => w.file === 'rollback.yml')?.id;
    expect((await client.listDispatchedRuns(REPO, String(workflowId), { since })).map((r) => r.id)).toEqual([
      second.runId,
      first.runId,
    ]);
    expect(await client.listDispatchedRuns(REPO, 'rollback.yml', { since: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it('should refuse a bad token as not retryable, without showing the token', async () => {
    const wrong = new GitHubClient({ apiUrl: github.apiUrl, token: 'ghp_wrongtoken999' });
    const error = await failure(wrong.getRun(REPO, 1));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.detail).toBe('GitHub refused GITHUB_TOKEN: Bad credentials');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('ghp_wrongtoken999');
  });

  it('should say that a 404 may be a private repository the token cannot see', async () => {
    const error = await failure(client.dispatchWorkflow(REPO, 'nope.yml', 'main', {}));
    expect(error).toMatchObject({ status: 404, retryable: false });
    expect(error.detail).toBe(
      'GitHub answered 404 for workflow nope.yml in acme/checkout: it does not exist, or it is private and GITHUB_TOKEN cannot see it (GitHub answers 404 for both)',
    );
  });

  it('should give up on a slow answer after its timeout, as retryable', async () => {
    github.injectFault({ operation: 'actions/get-workflow-run', kind: 'slow', delayMs: 400, times: 1 });
    const impatient = new GitHubClient({ apiUrl: github.apiUrl, token: TOKEN, timeoutMs: 100 });
    const started = Date.now();
    const error = await failure(impatient.getRun(REPO, 1));
    expect(Date.now() - started).toBeLessThan(350);
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.detail).toMatch(/^GitHub at 127\.0\.0\.1:\d+ did not answer within 100 ms$/);
  });

  it('should call a GitHub that is down retryable', async () => {
    github.setDown(true);
    const error = await failure(client.getRun(REPO, 1));
    expect(error).toMatchObject({ status: undefined, retryable: true });
    github.setDown(false);
  });

  it('should refuse a repository name that is not owner/name before calling GitHub', async () => {
    const error = await failure(client.getRun('checkout', 1));
    expect(error).toMatchObject({ status: undefined, retryable: false });
    expect(github.calls).toHaveLength(0);
  });

  it('should return no run id from a GitHub that answers 204, and say who the token is', async () => {
    const older = await startOlderGitHub(github, 'warroom-bot');
    try {
      const legacy = new GitHubClient({ apiUrl: older.url, token: TOKEN, userAgent: 'warroom/test' });
      const since = new Date();
      expect(await legacy.dispatchWorkflow(REPO, 'rollback.yml', 'main', { version: 'v1', marker: 'wr-204' })).toEqual({
        runId: undefined,
        runUrl: undefined,
        htmlUrl: undefined,
      });
      expect(github.calls.at(-1)).toMatchObject({ operation: DISPATCH, status: 204 });
      expect(github.calls.at(-1)?.headers['user-agent']).toBe('warroom/test');
      const login = await legacy.tokenUser();
      expect(login).toBe('warroom-bot');
      const [run] = await legacy.listDispatchedRuns(REPO, 'rollback.yml', { since });
      expect([run?.actor, run?.displayTitle]).toEqual([login, 'Rollback to v1 (wr-204)']);
    } finally {
      await older.close();
    }
  });
  it('should dispatch again without return_run_details when a GitHub refuses the field, making one run', async () => {
    const older = await startOlderGitHub(github, 'warroom-bot', { refuseRunDetails: true });
    try {
      const legacy = new GitHubClient({ apiUrl: older.url, token: TOKEN });
      const made = await legacy.dispatchWorkflow(REPO, 'rollback.yml', 'main', { version: 'v1' });
      expect(made.runId).toBeUndefined();
      expect(github.runs(REPO)).toHaveLength(1);
      expect(github.calls.filter((c) => c.operation === DISPATCH).map((c) => c.body)).toEqual([
        { ref: 'main', inputs: { version: 'v1' } },
      ]);
      const refused = await failure(legacy.dispatchWorkflow(REPO, 'rollback.yml', 'main', {}));
      expect(refused.detail).toBe("GitHub answered 422: Required input 'version' not provided");
      expect(github.runs(REPO)).toHaveLength(1);
    } finally {
      await older.close();
    }
  });
});

describe('GitHubClient against GitHub Enterprise', () => {
  it('should work with an /api/v3 base URL', async () => {
    const ghe = await GitHubEmulator.start(emulatorOptions({ enterprise: true }));
    try {
      expect(ghe.apiUrl).toMatch(/\/api\/v3$/);
      const client = new GitHubClient({ apiUrl: `${ghe.apiUrl}/`, token: TOKEN });
      const since = new Date();
      const made = await client.dispatchWorkflow(REPO, 'rollback.yml', 'main', { version: 'v1.4.2' });
      expect(made.runUrl).toBe(`${ghe.apiUrl}/repos/${REPO}/actions/runs/${made.runId}`);
      expect((await client.getRun(REPO, made.runId ?? 0)).id).toBe(made.runId);
      expect((await client.listDispatchedRuns(REPO, 'rollback.yml', { since })).map((r) => r.id)).toEqual([made.runId]);
      expect(ghe.calls.every((c) => c.path.startsWith('/api/v3/repos/'))).toBe(true);
      await ghe.idle();
    } finally {
      await ghe.stop();
    }
  });
});

describe("GitHub's error answers", () => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  const subject = { what: 'workflow rollback.yml in acme/checkout' };
  const secondary = {
    message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  };

  it.each([
    ['403 with retry-after', 403, { 'retry-after': '30' }, secondary, true, 30_000],
    [
      '429 with remaining 0',
      429,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 120) },
      { message: 'API rate limit exceeded for user ID 1.' },
      true,
      120_000,
    ],
    ['a secondary limit with neither header', 403, { 'x-ratelimit-remaining': '4000' }, secondary, true, 60_000],
    ['a bare 429', 429, {}, '', true, 60_000],
    ['a 503 with retry-after', 503, { 'retry-after': '5' }, { message: 'Service Unavailable' }, true, 5000],
    ['a 500', 500, {}, { message: 'Server Error' }, true, undefined],
    [
      'a 403 that is not a limit',
      403,
      { 'x-accepted-github-permissions': 'actions=write' },
      { message: 'Resource not accessible by integration' },
      false,
      undefined,
    ],
    [
      'a 400 for a bad API version',
      400,
      {},
      { message: 'The version you specified … is not a supported version.' },
      false,
      undefined,
    ],
  ])('should read %s', (_name, status, headers, body, retryable, wait) => {
    const error = gitHubAnswerError({ status, headers, body }, subject, now);
    expect([error.status, error.retryable, error.retryAfterMs]).toEqual([status, retryable, wait]);
  });

  it('should name what GitHub needs the token to have, and list validation errors', () => {
    const forbidden = gitHubAnswerError(
      {
        status: 403,
        headers: { 'x-accepted-github-permissions': 'actions=write' },
        body: { message: 'Resource not accessible by integration' },
      },
      subject,
      now,
    );
    expect(forbidden.detail).toBe(
      'GitHub answered 403: Resource not accessible by integration (GITHUB_TOKEN needs actions=write)',
    );
    const invalid = gitHubAnswerError(
      {
        status: 422,
        headers: {},
        body: { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] },
      },
      subject,
      now,
    );
    expect(invalid.detail).toBe('GitHub answered 422: Validation Failed (Label.color invalid)');
    const text = gitHubAnswerError(
      {
        status: 403,
        headers: {},
        body: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header\n',
      },
      subject,
      now,
    );
    expect([text.retryable, text.detail]).toEqual([
      false,
      'GitHub answered 403: Request forbidden by administrative rules. Please make sure your request has a User-Agent header',
    ]);
  });
});
