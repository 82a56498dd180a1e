import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectorError, isConnectorError } from '../../src/connectors/errors.js';
import { GitHubIssues } from '../../src/connectors/github/issues.js';
import { GitHubEmulator } from '../../src/sandbox/github/emulator.js';
import { type Issue, isoSeconds } from '../../src/sandbox/github/model.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const TOKEN = 'ghp_issuestest0123456789';
const REPO = 'acme/checkout';
const MARKER = '<!-- warroom:INC-42:fu-abc -->';
const OTHER = '<!-- warroom:INC-42:fu-other -->';
const CREATE = 'issues/create';
const LIST = 'issues/list-for-repo';
const HOUR = 3_600_000;

/** The error a call rejected with, failing the test if it resolved or threw something else. */
async function failure(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

/** A GitHub answer for a front to give instead of the emulator's. */
interface Canned {
  status: number;
  json: unknown;
}

/**
 * A GitHub in front of the emulator for what it cannot do: answer `canned` for every call when set
 * (410, 422, an unreadable 201), or pass each call through and hand the JSON answer to `rewrite`.
 */
async function startFront(target: GitHubEmulator, front: { canned?: Canned; rewrite?: (json: unknown) => unknown }) {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (front.canned) {
        res.writeHead(front.canned.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(front.canned.json));
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host'),
      );
      delete headers['content-length'];
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = await fetch(`${target.apiUrl}${req.url}`, {
        method: req.method,
        headers,
        ...(body ? { body } : {}),
      });
      const out = Object.fromEntries([...answer.headers].filter(([name]) => name !== 'content-length'));
      const json: unknown = await answer.json();
      res.writeHead(answer.status, out).end(JSON.stringify(front.rewrite ? front.rewrite(json) : json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('GitHubIssues', () => {
  let github: GitHubEmulator;
  let issues: GitHubIssues;

  const held = (): Issue[] => github.state.repo('acme', 'checkout')?.issues ?? [];
  const listCalls = () => github.calls.filter((c) => c.operation === LIST);
  /** `count` issues put straight into the emulator's state, created `agoMs` before now. */
  const seed = (count: number, agoMs: number, body = 'filler') => {
    const at = isoSeconds(Date.now() - agoMs);
    const user = github.state.user('warroom-bot');
    for (let i = 0; i < count; i += 1) {
      const number = held().length + 1;
      held().push({
        ...{ id: github.state.id(), number, title: `Issue ${number}`, body, state: 'open', stateReason: null },
        ...{ labels: [], assignees: [], user, createdAt: at, updatedAt: at, closedAt: null, closedBy: null },
      });
    }
  };
  const page = (number: number) => ({ number, htmlUrl: `${github.baseUrl}/${REPO}/issues/${number}` });

  beforeEach(async () => {
    github = await GitHubEmulator.start({
      webhookSecret: 'unused',
      token: TOKEN,
      events: [],
      repos: [{ fullName: REPO }],
    });
    issues = new GitHubIssues({ apiUrl: github.apiUrl, token: TOKEN });
  });
  afterEach(async () => {
    await github.idle();
    expect(github.problems).toEqual([]);
    await github.stop();
  });

  it('should file an issue with its title, body, labels and assignees, and return its number and page', async () => {
    const body = `Roll back the cache change.\n\n${MARKER}`;
    const made = await issues.create(REPO, {
      title: 'Follow-up: cache',
      body,
      labels: ['incident'],
      assignees: ['dana'],
    });
    expect(made).toEqual({ ...page(1), state: 'open' });
    expect(held()).toHaveLength(1);
    expect(held()[0]).toMatchObject({ number: 1, title: 'Follow-up: cache', body, labels: ['incident'] });
    expect(held()[0]?.assignees.map((u) => u.login)).toEqual(['dana']);
    const call = github.calls.at(-1);
    expect(call).toMatchObject({ operation: CREATE, status: 201, credentials: 'token' });
    expect(call?.body).toEqual({ title: 'Follow-up: cache', body, labels: ['incident'], assignees: ['dana'] });
    expect(call?.headers).toMatchObject({
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'warroom',
    });

    expect(await issues.create(REPO, { title: 'Plain', body: 'no labels' })).toEqual({ ...page(2), state: 'open' });
    expect(github.calls.at(-1)?.body).toEqual({ title: 'Plain', body: 'no labels' });
  });

  it('should find the one issue with the marker across pages, open or closed, and not one older than since', async () => {
    seed(1, HOUR, `an older filing\n\n${MARKER}`);
    const since = Date.now();
    const target = await issues.create(REPO, { title: 'Follow-up', body: `Do the thing.\n\n${MARKER}` });
    Object.assign(held()[1] ?? {}, { state: 'closed' });
    await issues.create(REPO, { title: 'Another follow-up', body: `Other.\n\n${OTHER}` });
    seed(100, 0);

    expect(await issues.findByMarker(REPO, MARKER, since)).toEqual({ ...page(target.number), state: 'closed' });
    const [first, second] = listCalls();
    expect(listCalls()).toHaveLength(2);
    expect(first?.query).toEqual({
      state: 'all',
      sort: 'created',
      direction: 'desc',
      since: isoSeconds(since),
      per_page: '100',
    });
    expect(second?.query).toMatchObject({ page: '2', per_page: '100' });

    expect(await issues.findByMarker(REPO, '<!-- warroom:INC-7:none -->', since)).toBeUndefined();
    expect(await issues.findByMarker(REPO, MARKER, Date.now() + 60_000)).toBeUndefined();
  });

  it('should stop reading at the first issue created before since', async () => {
    seed(150, HOUR, `old\n\n${MARKER}`);
    seed(2, 0);
    expect(await issues.findByMarker(REPO, MARKER, Date.now() - 60_000)).toBeUndefined();
    expect(listCalls()).toHaveLength(1);
  });

  it('should read no more than 5 pages', async () => {
    seed(1, 0, MARKER);
    seed(520, 0);
    expect(await issues.findByMarker(REPO, MARKER, Date.now() - 60_000)).toBeUndefined();
    expect(listCalls().map((c) => c.query.page)).toEqual([undefined, '2', '3', '4', '5']);
  });

  it('should skip pull requests, which the issues list includes', async () => {
    const since = Date.now();
    const issue = await issues.create(REPO, { title: 'Follow-up', body: MARKER });
    await issues.create(REPO, { title: 'PR: fix it', body: `Fixes it.\n\n${MARKER}` });
    const asPulls = (json: unknown) =>
      (json as { title: string; html_url: string }[]).map((item) =>
        item.title.startsWith('PR:')
          ? { ...item, pull_request: { url: item.html_url, html_url: item.html_url, diff_url: null, patch_url: null } }
          : item,
      );
    const front = await startFront(github, { rewrite: asPulls });
    try {
      const viaFront = new GitHubIssues({ apiUrl: front.url, token: TOKEN });
      expect(await viaFront.findByMarker(REPO, MARKER, since)).toEqual({ ...page(issue.number), state: 'open' });
    } finally {
      await front.close();
    }
  });

  it('should call a create whose connection dropped retryable, and find the issue it filed', async () => {
    const since = Date.now();
    github.injectFault({ operation: CREATE, kind: 'crash-after', times: 1 });
    const error = await failure(issues.create(REPO, { title: 'Follow-up', body: `x\n\n${MARKER}` }));
    expect(error).toMatchObject({ system: 'github', status: undefined, retryable: true });
    expect(error.detail).toMatch(
      /^No answer from GitHub at 127\.0\.0\.1:\d+ \(.+\): the issue may have been filed all the same \(findByMarker tells\)$/,
    );
    expect(await issues.findByMarker(REPO, MARKER, since)).toEqual({ ...page(1), state: 'open' });
  });

  it('should call a repository that is not there final, naming it', async () => {
    const calls = [
      () => issues.create('acme/nope', { title: 't', body: 'b' }),
      () => issues.findByMarker('acme/nope', MARKER, 0),
    ];
    for (const call of calls) {
      const error = await failure(call());
      expect(error).toMatchObject({ system: 'github', status: 404, retryable: false });
      expect(error.detail).toBe(
        'GitHub answered 404 for repository acme/nope: it does not exist, or it is private and GITHUB_TOKEN cannot see it (GitHub answers 404 for both)',
      );
    }
  });

  it('should refuse a bad repository name before calling GitHub', async () => {
    const error = await failure(issues.create('checkout', { title: 't', body: 'b' }));
    expect(error).toMatchObject({ status: undefined, retryable: false });
    expect(github.calls).toHaveLength(0);
  });

  it('should call GitHub answering for a repository with issues off, an invalid assignee, or an odd 201 final', async () => {
    const docs = 'https://docs.github.com/rest/issues/issues#create-an-issue';
    const cases: [Canned, string][] = [
      [
        { status: 410, json: { message: 'Issues are disabled for this repo', documentation_url: docs } },
        `GitHub answered 410 for ${REPO}: issues are turned off on that repository`,
      ],
      [
        {
          status: 422,
          json: {
            message: 'Validation Failed',
            errors: [{ value: 'nobody', resource: 'Issue', field: 'assignees', code: 'invalid' }],
            documentation_url: docs,
          },
        },
        'GitHub answered 422: Validation Failed (Issue.assignees invalid)',
      ],
      [
        { status: 422, json: { message: `Validation Failed for token ${TOKEN}`, documentation_url: docs } },
        'GitHub answered 422: Validation Failed for token [redacted]',
      ],
      [{ status: 201, json: { number: 1 } }, 'GitHub answered 201 with a filed issue warroom cannot read (html_url: '],
    ];
    for (const [canned, detail] of cases) {
      const front = await startFront(github, { canned });
      try {
        const viaFront = new GitHubIssues({ apiUrl: front.url, token: TOKEN });
        const error = await failure(viaFront.create(REPO, { title: 't', body: 'b', assignees: ['nobody'] }));
        expect(error).toMatchObject({ system: 'github', status: canned.status, retryable: false });
        expect(error.detail.startsWith(detail)).toBe(true);
        expect(error.detail).not.toContain(TOKEN);
      } finally {
        await front.close();
      }
    }
  });

  it('should call an exhausted rate limit retryable once it resets, without saying the issue may exist', async () => {
    github.rateLimit.exhaust();
    const error = await failure(issues.create(REPO, { title: 't', body: 'b' }));
    expect(error).toMatchObject({ status: 403, retryable: true });
    expect(error.detail).toMatch(/^GitHub answered 403: API rate limit exceeded for user ID \d+\. Retry in .+\.$/);
    expect(Math.abs((error.retryAfterMs ?? 0) - (github.rateLimit.reset * 1000 - Date.now()))).toBeLessThan(2000);
    expect(held()).toHaveLength(0);
  });

  it('should wait out a secondary rate limit for as long as its retry-after says', async () => {
    github.injectFault({ operation: LIST, kind: 'secondary-rate-limit', status: 429, retryAfter: 7, times: 1 });
    const error = await failure(issues.findByMarker(REPO, MARKER, 0));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 7000 });
    expect(error.detail).toContain('secondary rate limit');
  });

  it('should call a 500, a GitHub that is down, or a slow answer retryable', async () => {
    github.injectFault({ operation: CREATE, kind: 'server-error', status: 500, times: 1 });
    const error = await failure(issues.create(REPO, { title: 't', body: 'b' }));
    expect(error).toMatchObject({ status: 500, retryable: true, retryAfterMs: undefined });
    expect(error.detail).toBe(
      'GitHub answered 500: Server Error: the issue may have been filed all the same (findByMarker tells)',
    );
    expect(held()).toHaveLength(0);

    github.setDown(true);
    expect(await failure(issues.findByMarker(REPO, MARKER, 0))).toMatchObject({ status: undefined, retryable: true });
    github.setDown(false);

    github.injectFault({ operation: LIST, kind: 'slow', delayMs: 400, times: 1 });
    const impatient = new GitHubIssues({ apiUrl: github.apiUrl, token: TOKEN, timeoutMs: 100 });
    const slow = await failure(impatient.findByMarker(REPO, MARKER, 0));
    expect(slow).toMatchObject({ status: undefined, retryable: true });
    expect(slow.detail).toMatch(/^GitHub at 127\.0\.0\.1:\d+ did not answer within 100 ms$/);
  });

  it('should refuse a wrong token as final, without showing it', async () => {
    const wrong = new GitHubIssues({ apiUrl: github.apiUrl, token: 'ghp_wrongtoken999', userAgent: 'warroom/test' });
    const error = await failure(wrong.create(REPO, { title: 't', body: 'b' }));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.detail).toBe('GitHub refused GITHUB_TOKEN: Bad credentials');
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain('ghp_wrongtoken999');
    expect(github.calls.at(-1)?.headers['user-agent']).toBe('warroom/test');
    expect(held()).toHaveLength(0);
  });
});
