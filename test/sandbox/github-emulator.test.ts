import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSchema } from '../../src/sandbox/github/contract.js';
import { GitHubEmulator, type WorkflowSpec } from '../../src/sandbox/github/emulator.js';
import { validateSchema } from '../../src/sandbox/github/json-schema.js';
import { signSha256 } from '../../src/sandbox/github/signature.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const SECRET = 'whsec-test-0123456789';
const TOKEN = 'ghp_testtoken0123456789';
const REPO = 'acme/checkout';
const V142 = 'a'.repeat(40);
const V143 = 'b'.repeat(40);
const MAIN = 'c'.repeat(40);
const SHARED = new URL('../fixtures/contracts/github/', import.meta.url);

const rollback: WorkflowSpec = {
  file: 'rollback.yml',
  name: 'Rollback',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
  runName: 'Rollback to ${{ inputs.version }} (${{ inputs.marker }})',
  inputs: [
    { name: 'version', required: true },
    { name: 'marker', required: false, default: '' },
    { name: 'dry_run', type: 'boolean', default: false },
  ],
  onDispatch: { deploys: { environment: 'production', versionInput: 'version' }, queuedMs: 5, runMs: 10 },
};

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for warroom's POST /hooks/github: records what arrives, answers 202. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202).end('accepted');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/github`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What a receiver must do first: check X-Hub-Signature-256 in constant time. */
function signatureValid(received: Received): boolean {
  const given = Buffer.from(String(received.headers['x-hub-signature-256'] ?? ''));
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(received.body).digest('hex')}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const HEADERS = {
  accept: 'application/vnd.github+json',
  authorization: `Bearer ${TOKEN}`,
  'user-agent': 'warroom-test',
  'x-github-api-version': '2022-11-28',
  'content-type': 'application/json',
};

async function gh(
  emulator: GitHubEmulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = HEADERS,
) {
  const response = await fetch(`${emulator.apiUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json =
    response.headers.get('content-type')?.includes('application/json') && text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, json, text };
}

const dispatch = (emulator: GitHubEmulator, body: unknown, workflow = 'rollback.yml') =>
  gh(emulator, 'POST', `/repos/${REPO}/actions/workflows/${workflow}/dispatches`, body);

function schemaProblems(event: string, action: string, payload: unknown): string[] {
  const file = `${event}/${action}.schema.json`;
  return validateSchema(loadSchema(file), payload, file, loadSchema);
}

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('the GitHub emulator', () => {
  let github: GitHubEmulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeEach(async () => {
    receiver = await startReceiver();
    github = await GitHubEmulator.start({
      webhookSecret: SECRET,
      token: TOKEN,
      webhookUrl: receiver.url,
      repos: [
        {
          fullName: REPO,
          branches: { main: MAIN },
          tags: { 'v1.4.2': V142, 'v1.4.3': V143 },
          workflows: [rollback, { file: 'ci.yml', dispatchable: false }],
        },
      ],
    });
  });
  afterEach(async () => {
    await github.idle();
    expect(github.problems).toEqual([]);
    await github.stop();
    await receiver.close();
  });

  it("should refuse a dispatch without a required input with 422 and GitHub's body", async () => {
    const answer = await dispatch(github, { ref: 'main', inputs: { marker: 'wr-1' } });
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      message: "Required input 'version' not provided",
      documentation_url: 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event',
      status: '422',
    });
    expect(github.runs(REPO)).toHaveLength(0);
  });

  it.each([
    [{ ref: 'main', inputs: { version: 'v1', colour: 'red' } }, 'Unexpected inputs provided: ["colour"]'],
    [{ ref: 'no-such-branch', inputs: { version: 'v1' } }, 'No ref found for: no-such-branch'],
    [{ ref: V142, inputs: { version: 'v1' } }, `No ref found for: ${V142}`],
    [{ inputs: { version: 'v1' } }, 'Invalid request.\n\n"ref" wasn\'t supplied.'],
    [
      { ref: 'main', inputs: { version: 'v1', dry_run: 'maybe' } },
      "Provided value 'maybe' for input 'dry_run' not in the list of allowed values",
    ],
  ])('should refuse the dispatch %j with 422 "%s"', async (body, message) => {
    const answer = await dispatch(github, body);
    expect(answer.status).toBe(422);
    expect(answer.json.message).toBe(message);
  });

  it('should refuse more than 25 inputs, and a workflow without a workflow_dispatch trigger', async () => {
    const inputs = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`in${i}`, 'x']));
    const tooMany = await dispatch(github, { ref: 'main', inputs });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.message).toMatch(
      /^Invalid request\.\n\nFor 'properties\/inputs', .* has more than 25 properties\.$/s,
    );
    const ci = await dispatch(github, { ref: 'main' }, 'ci.yml');
    expect([ci.status, ci.json.message]).toEqual([422, "Workflow does not have 'workflow_dispatch' trigger"]);
  });

  it('should answer 404 for an unknown workflow or repository, and for a repository without credentials', async () => {
    expect((await dispatch(github, { ref: 'main' }, 'nope.yml')).status).toBe(404);
    const otherRepo = await gh(github, 'POST', '/repos/acme/nope/actions/workflows/rollback.yml/dispatches', {
      ref: 'main',
    });
    expect([otherRepo.status, otherRepo.json.message]).toEqual([404, 'Not Found']);
    const { authorization: _, ...anonymous } = HEADERS;
    expect((await gh(github, 'GET', `/repos/${REPO}/actions/runs`, undefined, anonymous)).status).toBe(404);
  });

  it.each([
    [{ ...HEADERS, authorization: 'Bearer ghp_wrong' }, 401, 'Bad credentials'],
    [{ ...HEADERS, authorization: `token ${TOKEN}` }, 200, undefined],
    [{ ...HEADERS, 'x-github-api-version': '2021-01-01' }, 400, 'is not a supported version'],
    [{ ...HEADERS, 'x-github-api-version': '2026-03-10' }, 200, undefined],
  ])('should check credentials and the API version: %j → %i', async (headers, status, message) => {
    const answer = await gh(github, 'GET', `/repos/${REPO}/actions/runs`, undefined, headers);
    expect(answer.status).toBe(status);
    if (message) expect(answer.json.message).toContain(message);
  });

  it('should refuse a request without a User-Agent with a plain-text 403', async () => {
    const socket = await import('node:net');
    const url = new URL(github.apiUrl);
    const raw = await new Promise<string>((resolve) => {
      const conn = socket.connect(Number(url.port), url.hostname, () => {
        conn.write(
          `GET /rate_limit HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n\r\n`,
        );
      });
      let data = '';
      conn.on('data', (chunk) => {
        data += chunk.toString();
      });
      conn.on('end', () => resolve(data));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 403/);
    expect(raw).toMatch(/content-type: text\/plain/i);
    expect(raw).toContain('Please make sure your request has a User-Agent header');
  });

  it('should record a dispatch once and make one run that the runs list finds by head_sha and created', async () => {
    const before = new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const answer = await dispatch(github, { ref: 'main', inputs: { version: 'v1.4.2', marker: 'wr-42' } });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(github.calls.filter((c) => c.operation === 'actions/create-workflow-dispatch')).toHaveLength(1);
    expect(github.calls.at(-1)?.headers.authorization).toBeUndefined();

    const found = await gh(
      github,
      'GET',
      `/repos/${REPO}/actions/runs?event=workflow_dispatch&head_sha=${MAIN}&created=${encodeURIComponent(`>=${before}`)}`,
    );
    expect(found.status).toBe(200);
    expect(found.json.total_count).toBe(1);
    const [run] = found.json.workflow_runs;
    expect(run).toMatchObject({
      event: 'workflow_dispatch',
      head_sha: MAIN,
      head_branch: 'main',
      display_title: 'Rollback to v1.4.2 (wr-42)',
      path: '.github/workflows/rollback.yml',
    });
    expect(run.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(['queued', 'in_progress', 'completed']).toContain(run.status);

    const later = await gh(github, 'GET', `/repos/${REPO}/actions/runs?created=${encodeURIComponent('>2999-01-01')}`);
    expect(later.json.total_count).toBe(0);
    const byId = await gh(github, 'GET', `/repos/${REPO}/actions/runs/${run.id}`);
    expect(byId.json.id).toBe(run.id);
    await github.waitFor(() => github.runs(REPO)[0]?.status === 'completed');
    expect(github.runs(REPO)).toHaveLength(1);
  });

  it('should answer 200 with the run id when return_run_details is true', async () => {
    const answer = await dispatch(github, { ref: 'main', inputs: { version: 'v1.4.2' }, return_run_details: true });
    expect(answer.status).toBe(200);
    expect(answer.json.workflow_run_id).toBe(github.runs(REPO)[0]?.id);
    expect(answer.json.run_url).toBe(`${github.apiUrl}/repos/${REPO}/actions/runs/${answer.json.workflow_run_id}`);
  });

  it("should deliver the rollback's deployment_status, signed and valid against GitHub's schema", async () => {
    await dispatch(github, { ref: 'main', inputs: { version: 'v1.4.2', marker: 'wr-7' } });
    await github.waitFor(() => github.runs(REPO)[0]?.status === 'completed');
    await github.idle();

    const statuses = receiver.received.filter((r) => r.headers['x-github-event'] === 'deployment_status');
    expect(statuses.map((r) => JSON.parse(r.body).deployment_status.state)).toEqual(['in_progress', 'success']);
    for (const delivery of receiver.received) {
      expect(signatureValid(delivery)).toBe(true);
      expect(delivery.headers['user-agent']).toMatch(/^GitHub-Hookshot\//);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(delivery.headers['x-github-hook-id']).toBeDefined();
      expect(delivery.headers['x-hub-signature']).toMatch(/^sha1=[0-9a-f]{40}$/);
      const payload = JSON.parse(delivery.body);
      expect(schemaProblems(String(delivery.headers['x-github-event']), payload.action, payload)).toEqual([]);
    }
    const success = JSON.parse(statuses[1]?.body ?? '{}');
    expect(success.deployment).toMatchObject({ sha: V142, ref: 'v1.4.2', environment: 'production' });
    expect(success.deployment.payload).toEqual({ version: 'v1.4.2' });
    expect(success.workflow_run.id).toBe(github.runs(REPO)[0]?.id);
    expect(success.sender.login).toBe('github-actions[bot]');
    const completed = receiver.received.map((r) => JSON.parse(r.body)).find((p) => p.action === 'completed');
    expect(completed.workflow_run.conclusion).toBe('success');
  });

  it('should complete a failing rollback with conclusion failure and deliver workflow_run completed', async () => {
    github.addWorkflow(REPO, {
      ...rollback,
      file: 'rollback-broken.yml',
      onDispatch: { conclusion: 'failure', runMs: 5 },
    });
    await dispatch(github, { ref: 'main', inputs: { version: 'v1.4.2' } }, 'rollback-broken.yml');
    await github.waitFor(() => github.runs(REPO)[0]?.conclusion === 'failure');
    await github.idle();
    const events = receiver.received.map((r) => [r.headers['x-github-event'], JSON.parse(r.body).action]);
    expect(events).toEqual([
      ['workflow_run', 'requested'],
      ['workflow_run', 'in_progress'],
      ['workflow_run', 'completed'],
    ]);
    const completed = JSON.parse(receiver.received[2]?.body ?? '{}');
    expect(completed.workflow_run).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      event: 'workflow_dispatch',
    });
    expect(schemaProblems('workflow_run', 'completed', completed)).toEqual([]);
  });

  it('should fail a rollback run whose version it cannot find, deploying nothing', async () => {
    await dispatch(github, { ref: 'main', inputs: { version: 'v9.9.9' } });
    await github.waitFor(() => github.runs(REPO)[0]?.status === 'completed');
    expect(github.runs(REPO)[0]?.conclusion).toBe('failure');
    expect(github.state.repos[0]?.deployments).toHaveLength(0);
  });

  it('should redeliver with the same delivery id and the same bytes', async () => {
    const { delivery } = await github.deploy({
      repo: REPO,
      environment: 'production',
      sha: V143,
      ref: 'v1.4.3',
      version: 'v1.4.3',
      creator: 'dana',
      state: 'success',
    });
    expect(delivery.outcome).toMatchObject({ kind: 'answered', status: 202 });
    const again = await github.redeliver(delivery.id);
    expect(again.redelivery).toBe(true);
    const [first, second] = receiver.received;
    expect(second?.headers['x-github-delivery']).toBe(first?.headers['x-github-delivery']);
    expect(second?.body).toBe(first?.body);
    expect(second?.headers['x-hub-signature-256']).toBe(first?.headers['x-hub-signature-256']);
    const payload = JSON.parse(first?.body ?? '{}');
    expect(payload.deployment.payload.version).toBe('v1.4.3');
    expect(payload.deployment.creator.login).toBe('dana');
    expect(schemaProblems('deployment_status', 'created', payload)).toEqual([]);
  });

  it('should sign with a wrong secret, or not at all, when told to', async () => {
    const args = { repo: REPO, environment: 'production', sha: V143, ref: 'v1.4.3', creator: 'dana' } as const;
    await github.deploy({ ...args, state: 'failure', deliverOptions: { signature: 'wrong' } });
    await github.deploy({ ...args, state: 'error', deliverOptions: { signature: 'none' } });
    const [wrong, none] = receiver.received;
    expect(wrong && signatureValid(wrong)).toBe(false);
    expect(none?.headers['x-hub-signature-256']).toBeUndefined();
    expect(none?.headers['x-hub-signature']).toBeUndefined();
  });

  it("should compute GitHub's documented X-Hub-Signature-256 test vector", () => {
    const vector = { secret: "It's a Secret to Everybody", payload: 'Hello, World!' };
    const expected = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(signSha256(vector.secret, vector.payload)).toBe(expected);
    const file = new URL('webhook-signature-test-vector.json', SHARED);
    if (existsSync(file)) {
      const shared = JSON.parse(readFileSync(file, 'utf8'));
      expect(signSha256(shared.secret, shared.payload)).toBe(shared.expected_header['X-Hub-Signature-256']);
    }
  });

  it('should count every call against the rate limit and answer 403 with the real body when it is spent', async () => {
    const first = await gh(github, 'GET', `/repos/${REPO}/deployments`);
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    github.rateLimit.exhaust();
    const spent = await gh(github, 'GET', `/repos/${REPO}/deployments`);
    expect(spent.status).toBe(403);
    expect(spent.json.message).toMatch(/^API rate limit exceeded for user ID \d+\.$/);
    expect(spent.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(spent.headers.get('retry-after')).toBeNull();
    const status = await gh(github, 'GET', '/rate_limit');
    expect(status.status).toBe(200);
    expect(status.json.resources.core.remaining).toBe(0);
  });

  it('should answer a secondary rate limit with retry-after, and 5xx, then serve again', async () => {
    github.injectFault({
      operation: 'actions/create-workflow-dispatch',
      kind: 'secondary-rate-limit',
      status: 429,
      retryAfter: 7,
      times: 1,
    });
    github.injectFault({ operation: 'actions/create-workflow-dispatch', kind: 'server-error', status: 502, times: 1 });
    const limited = await dispatch(github, { ref: 'main', inputs: { version: 'v1.4.2' } });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect(limited.json.message).toMatch(/secondary rate limit/);
    expect((await dispatch(github, { ref: 'main', inputs: { version: 'v1.4.2' } })).status).toBe(502);
    expect((await dispatch(github, { ref: 'main', inputs: { version: 'v1.4.2' } })).status).toBe(204);
    expect(github.runs(REPO)).toHaveLength(1);
  });

  it('should make the run and then cut the connection when told to crash after a dispatch', async () => {
    github.injectFault({ operation: 'actions/create-workflow-dispatch', kind: 'crash-after', times: 1 });
    await expect(dispatch(github, { ref: 'main', inputs: { version: 'v1.4.2', marker: 'wr-9' } })).rejects.toThrow();
    expect(github.runs(REPO)).toHaveLength(1);
    expect(github.calls.at(-1)).toMatchObject({ operation: 'actions/create-workflow-dispatch', crashed: true });
    const listed = await gh(github, 'GET', `/repos/${REPO}/actions/runs?event=workflow_dispatch`);
    expect(listed.json.workflow_runs[0].display_title).toContain('wr-9');
  });

  it('should answer slowly when told to, and not at all while down', async () => {
    github.injectFault({ operation: 'repos/list-deployments', kind: 'slow', delayMs: 150, times: 1 });
    const started = Date.now();
    expect((await gh(github, 'GET', `/repos/${REPO}/deployments`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    github.setDown(true);
    await expect(gh(github, 'GET', `/repos/${REPO}/deployments`)).rejects.toThrow();
    github.setDown(false);
    expect((await gh(github, 'GET', `/repos/${REPO}/deployments`)).status).toBe(200);
  });

  it('should page deployments with a Link header that works, also under /api/v3', async () => {
    for (const [i, sha] of [V142, V143, MAIN].entries()) {
      const made = await gh(github, 'POST', `/api/v3/repos/${REPO}/deployments`, {
        ref: sha,
        environment: 'staging',
        payload: JSON.stringify({ version: `v${i}` }),
      });
      expect(made.status).toBe(201);
      expect(made.headers.get('location')).toBe(made.json.url);
    }
    const first = await gh(github, 'GET', `/repos/${REPO}/deployments?per_page=2`);
    expect(first.json.map((d: { payload: { version: string } }) => d.payload.version)).toEqual(['v2', 'v1']);
    const next = first.headers.get('link')?.match(/<([^>]+)>; rel="next"/)?.[1];
    expect(next).toMatch(/\/repositories\/\d+\/deployments\?per_page=2&page=2$/);
    const second = await fetch(next ?? '', { headers: HEADERS });
    expect(((await second.json()) as { payload: { version: string } }[]).map((d) => d.payload.version)).toEqual(['v0']);
    expect(second.headers.get('link')).toContain('rel="first"');
  });

  it('should create a deployment status that the app receives, and refuse an unknown ref', async () => {
    const made = await gh(github, 'POST', `/repos/${REPO}/deployments`, { ref: 'v1.4.3', environment: 'production' });
    const status = await gh(github, 'POST', `/repos/${REPO}/deployments/${made.json.id}/statuses`, {
      state: 'failure',
    });
    expect(status.status).toBe(201);
    await github.idle();
    const payload = JSON.parse(receiver.received.at(-1)?.body ?? '{}');
    expect([payload.deployment.id, payload.deployment_status.state, payload.sender.login]).toEqual([
      made.json.id,
      'failure',
      'warroom-bot',
    ]);
    const listed = await gh(github, 'GET', `/repos/${REPO}/deployments/${made.json.id}/statuses`);
    expect(listed.json.map((s: { state: string }) => s.state)).toEqual(['failure']);
    const unknown = await gh(github, 'POST', `/repos/${REPO}/deployments`, { ref: 'nope' });
    expect([unknown.status, unknown.json.message]).toEqual([422, 'No ref found for: nope']);
  });

  it('should create, list and close an issue', async () => {
    const made = await gh(github, 'POST', `/repos/${REPO}/issues`, { title: 'Incident 42', labels: ['incident'] });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ number: 1, state: 'open', title: 'Incident 42', closed_at: null });
    expect(made.json.labels[0].name).toBe('incident');
    const open = await gh(github, 'GET', `/repos/${REPO}/issues?labels=incident`);
    expect(open.json.map((i: { number: number }) => i.number)).toEqual([1]);
    const closed = await gh(github, 'PATCH', `/repos/${REPO}/issues/1`, { state: 'closed' });
    expect(closed.json).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(closed.json.closed_by.login).toBe('warroom-bot');
    expect((await gh(github, 'GET', `/repos/${REPO}/issues`)).json).toEqual([]);
    expect((await gh(github, 'POST', `/repos/${REPO}/issues`, { body: 'no title' })).status).toBe(422);
  });

  it('should list a new run only after a moment when told GitHub lists runs late', async () => {
    const late = await GitHubEmulator.start({
      webhookSecret: SECRET,
      token: TOKEN,
      runListDelayMs: 200,
      enterprise: true,
      events: [],
      repos: [{ fullName: REPO, branches: { main: MAIN }, workflows: [rollback] }],
    });
    try {
      expect(late.apiUrl).toMatch(/\/api\/v3$/);
      const made = await dispatch(late, { ref: 'main', inputs: { version: 'v1' }, return_run_details: true });
      expect(made.json.run_url).toContain('/api/v3/repos/');
      const now = await gh(late, 'GET', `/repos/${REPO}/actions/runs?event=workflow_dispatch`);
      expect(now.json.total_count).toBe(0);
      expect((await gh(late, 'GET', `/repos/${REPO}/actions/runs/${made.json.workflow_run_id}`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 220));
      const later = await gh(late, 'GET', `/repos/${REPO}/actions/runs?event=workflow_dispatch`);
      expect(later.json.total_count).toBe(1);
      await late.idle();
      expect(late.deliveries).toHaveLength(0);
    } finally {
      await late.stop();
    }
  });

  it('should refuse a body that is not JSON with 400', async () => {
    const response = await fetch(`${github.apiUrl}/repos/${REPO}/issues`, {
      method: 'POST',
      headers: HEADERS,
      body: '{nope',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe('Problems parsing JSON');
  });

  it('should hold copies of the contract files equal to ../shared/contracts/github', () => {
    const copies: [string, string][] = [
      [
        'schemas/deployment_status/created.schema.json',
        'webhook-payload-schemas/deployment_status/created.schema.json',
      ],
      ['schemas/workflow_run/completed.schema.json', 'webhook-payload-schemas/workflow_run/completed.schema.json'],
      ['schemas/common/repository.schema.json', 'webhook-payload-schemas/common/repository.schema.json'],
      ['examples/deployment_status.payload.json', 'webhook-payload-examples/deployment_status/payload.json'],
      ['examples/workflow_run.completed.payload.json', 'webhook-payload-examples/workflow_run/completed.payload.json'],
    ];
    for (const [copy, original] of copies) {
      const shared = new URL(original, SHARED);
      if (!existsSync(shared)) continue;
      const local = new URL(`../../src/sandbox/github/contract/${copy}`, import.meta.url);
      expect(JSON.parse(readFileSync(local, 'utf8'))).toEqual(JSON.parse(readFileSync(shared, 'utf8')));
    }
  });
});
