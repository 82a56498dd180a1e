import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyHubSignature256 } from '../../src/hooks/signatures.js';
import { loadSchema } from '../../src/sandbox/github/contract.js';
import { GitHubEmulator, type HookEvent } from '../../src/sandbox/github/emulator.js';
import { type Schema, validateSchema } from '../../src/sandbox/github/json-schema.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const SECRET = 'whsec-issues-0123456789';
const TOKEN = 'ghp_issuestoken0123456789';
const REPO = 'acme/checkout';
/** The REST description extract: its `issue` schema is the issue every `issues` delivery carries. */
const REST_EXTRACT = new URL('../fixtures/contracts/github/rest-openapi-extract-2022-07.json', import.meta.url);

type Json = Record<string, unknown>;

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

const HEADERS = {
  accept: 'application/vnd.github+json',
  authorization: `Bearer ${TOKEN}`,
  'user-agent': 'warroom-test',
  'x-github-api-version': '2022-11-28',
  'content-type': 'application/json',
};

async function gh(emulator: GitHubEmulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.apiUrl}${path}`, {
    method,
    headers: HEADERS,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

/**
 * OpenAPI 3.0 schema text as the draft-07 subset json-schema.ts checks: `#/components/schemas/x`
 * refs become loadable names, `nullable` joins null to the type, examples and int64 formats drop.
 */
function fromOpenApi(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromOpenApi);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'example' || key === 'nullable' || (key === 'format' && value === 'int64')) continue;
    if (key === '$ref') out.$ref = String(value).replace('#/components/schemas/', '');
    else if (key === 'properties')
      out.properties = Object.fromEntries(Object.entries(value as Json).map(([name, sub]) => [name, fromOpenApi(sub)]));
    else out[key] = fromOpenApi(value);
  }
  const source = node as Json;
  if (source.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

/** Where `issue` breaks the REST description's `issue` schema. */
function restIssueProblems(issue: unknown): string[] {
  const schemas = (JSON.parse(readFileSync(REST_EXTRACT, 'utf8')) as { components: { schemas: Json } }).components
    .schemas;
  const load = (name: string) => fromOpenApi(schemas[name]) as Schema;
  return validateSchema(load('issue'), issue, 'issue', load);
}

/** Where `payload`'s repository and sender break the webhook schemas every delivery's follow. */
function commonProblems(payload: Json): string[] {
  return [
    ...validateSchema(
      loadSchema('common/repository.schema.json'),
      payload.repository,
      'common/repository.schema.json',
      loadSchema,
    ),
    ...validateSchema(loadSchema('common/user.schema.json'), payload.sender, 'common/user.schema.json', loadSchema),
  ];
}

/** What every `issues` delivery must be: GitHub's headers, a signature over the exact bytes, the shape. */
function checkDelivery(received: Received, action: string): Json {
  expect(received.headers['x-github-event']).toBe('issues');
  expect(received.headers['x-github-delivery']).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  );
  expect(received.headers['content-type']).toBe('application/json');
  const signature = String(received.headers['x-hub-signature-256']);
  expect(verifyHubSignature256(Buffer.from(received.body), signature, SECRET)).toBe(true);
  expect(verifyHubSignature256(Buffer.from(received.body), signature, `${SECRET}-other`)).toBe(false);
  const payload = JSON.parse(received.body) as Json;
  expect(Object.keys(payload).sort()).toEqual(['action', 'issue', 'repository', 'sender']);
  expect(payload.action).toBe(action);
  expect(payload.repository).toMatchObject({ full_name: REPO, name: 'checkout', owner: { login: 'acme' } });
  expect(commonProblems(payload)).toEqual([]);
  expect(restIssueProblems(payload.issue)).toEqual([]);
  // The REST answer names who closed it; a delivery's issue does not (its sender does).
  expect(payload.issue).not.toHaveProperty('closed_by');
  return payload;
}

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('the GitHub emulator: issues deliveries', () => {
  let github: GitHubEmulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  /** Starts the emulator; its hook subscribes to `events` (all three unless told; `{}` for the default). */
  async function start(
    hook: { events?: readonly HookEvent[] } = { events: ['issues', 'deployment_status', 'workflow_run'] },
  ) {
    github = await GitHubEmulator.start({
      webhookSecret: SECRET,
      token: TOKEN,
      webhookUrl: receiver.url,
      ...hook,
      repos: [{ fullName: REPO }],
    });
  }

  /** Opens issue 1 through the API and waits for its `opened` delivery. */
  async function openIssue(): Promise<Json> {
    const made = await gh(github, 'POST', `/repos/${REPO}/issues`, {
      title: 'Follow-up: alert on checkout 5xx',
      body: 'From incident 42.',
      labels: ['follow-up'],
    });
    expect(made.status).toBe(201);
    await github.idle();
    expect(receiver.received).toHaveLength(1);
    return made.json;
  }

  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await github.idle();
    expect(github.problems).toEqual([]);
    await github.stop();
    await receiver.close();
  });

  it('should deliver opened, signed, when an issue is created through the API', async () => {
    await start();
    const made = await openIssue();
    const payload = checkDelivery(receiver.received[0] as Received, 'opened');
    const issue = payload.issue as Json;
    expect(issue).toMatchObject({
      number: 1,
      title: 'Follow-up: alert on checkout 5xx',
      body: 'From incident 42.',
      state: 'open',
      state_reason: null,
      closed_at: null,
      html_url: `${github.baseUrl}/${REPO}/issues/1`,
      url: `${github.apiUrl}/repos/${REPO}/issues/1`,
      user: { login: 'warroom-bot' },
      labels: [{ name: 'follow-up' }],
    });
    expect(issue.created_at).toBe(made.created_at);
    expect(issue.updated_at).toBe(made.updated_at);
    expect((payload.sender as Json).login).toBe('warroom-bot');
    expect(github.deliveries.map((d) => [d.event, d.action])).toEqual([['issues', 'opened']]);
  });

  it('should deliver closed with the state reason when someone closes the issue in the UI', async () => {
    await start();
    await openIssue();
    const delivery = await github.closeIssue(REPO, 1, { by: 'dana', reason: 'not_planned' });
    expect(delivery?.outcome).toMatchObject({ kind: 'answered', status: 202 });
    expect(receiver.received).toHaveLength(2);
    const payload = checkDelivery(receiver.received[1] as Received, 'closed');
    expect(payload.issue).toMatchObject({ number: 1, state: 'closed', state_reason: 'not_planned' });
    const issue = payload.issue as Json;
    expect(issue.closed_at).toEqual(expect.any(String));
    expect(issue.updated_at).toBe(issue.closed_at);
    expect((payload.sender as Json).login).toBe('dana');
    // The API shows it closed by that person.
    const shown = await gh(github, 'GET', `/repos/${REPO}/issues?state=closed`);
    expect(shown.json).toMatchObject([{ number: 1, state: 'closed', closed_by: { login: 'dana' } }]);
  });

  it('should close as completed, by the author, unless told otherwise, and refuse to close twice', async () => {
    await start();
    await openIssue();
    await github.closeIssue(REPO, 1);
    const payload = checkDelivery(receiver.received[1] as Received, 'closed');
    expect((payload.issue as Json).state_reason).toBe('completed');
    expect((payload.sender as Json).login).toBe('warroom-bot');
    await expect(github.closeIssue(REPO, 1)).rejects.toThrow('already closed');
    await expect(github.closeIssue(REPO, 9)).rejects.toThrow('no issue #9');
  });

  it('should deliver closed and then reopened when the API patches the state', async () => {
    await start();
    await openIssue();
    const closed = await gh(github, 'PATCH', `/repos/${REPO}/issues/1`, { state: 'closed' });
    expect(closed.json).toMatchObject({ state: 'closed', state_reason: 'completed' });
    const reopened = await gh(github, 'PATCH', `/repos/${REPO}/issues/1`, { state: 'open' });
    expect(reopened.json).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
    await github.idle();
    expect(receiver.received).toHaveLength(3);
    const first = checkDelivery(receiver.received[1] as Received, 'closed');
    expect(first.issue).toMatchObject({ state: 'closed', state_reason: 'completed' });
    const second = checkDelivery(receiver.received[2] as Received, 'reopened');
    expect(second.issue).toMatchObject({ number: 1, state: 'open', state_reason: 'reopened', closed_at: null });
    // Every delivery is its own, under its own id.
    expect(new Set(receiver.received.map((r) => r.headers['x-github-delivery'])).size).toBe(3);
  });

  it('should deliver nothing for a patch that leaves the state as it was', async () => {
    await start();
    await openIssue();
    await gh(github, 'PATCH', `/repos/${REPO}/issues/1`, { title: 'Follow-up: page on checkout 5xx' });
    await gh(github, 'PATCH', `/repos/${REPO}/issues/1`, { state: 'open' });
    await github.idle();
    expect(receiver.received).toHaveLength(1);
  });

  it.each([
    ['by default', {}],
    ['when it lists only the other events', { events: ['deployment_status', 'workflow_run'] as HookEvent[] }],
  ])('should deliver no issues event to a hook that does not subscribe to it: %s', async (_name, hook) => {
    await start(hook);
    await gh(github, 'POST', `/repos/${REPO}/issues`, { title: 'Not subscribed' });
    expect(await github.closeIssue(REPO, 1, { by: 'dana' })).toBeUndefined();
    await github.idle();
    expect(receiver.received).toEqual([]);
    expect(github.state.repo('acme', 'checkout')?.issues[0]).toMatchObject({ state: 'closed' });
  });

  it('should check issues against the REST schema, which can fail', async () => {
    await start();
    const made = await openIssue();
    expect(restIssueProblems(made)).toEqual([]);
    expect(restIssueProblems({ ...made, number: '1', state_reason: 7 })).toEqual([
      '$.number: is string, not integer',
      '$.state_reason: is integer, not string|null',
    ]);
  });
});
