import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMPTY_CATALOG } from '../../src/catalog/schema.js';
import { type GitHubHook, parseGitHubDelivery } from '../../src/hooks/github-payloads.js';
import { closeIssue, type IssueAction, reopenIssue } from '../../src/sandbox/github/issues.js';
import { GitHubState, type Issue } from '../../src/sandbox/github/model.js';
import { issuesPayload } from '../../src/sandbox/github/webhook-payloads.js';
import { catalog } from './fixtures.js';

type Json = Record<string, unknown>;
const HOSTS = { api: 'http://127.0.0.1:4321', web: 'http://127.0.0.1:4321' };
const SHARED = new URL('../fixtures/contracts/github/', import.meta.url);
const EXAMPLES = new URL('../fixtures/contracts/github/webhook-payload-examples/', import.meta.url);
const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));

/** What the GitHub emulator delivers for `action` on a follow-up in `repo` (not a catalogued one by default). */
function emulated(action: IssueAction, options: { repo?: string; by?: string; body?: string | null } = {}): Json {
  const state = new GitHubState();
  const repo = state.addRepo({ fullName: options.repo ?? 'acme/incident-follow-ups' });
  const author = state.user('warroom-bot');
  const issue: Issue = {
    id: state.id(),
    number: 7,
    title: 'Follow-up: alert on checkout 5xx',
    body: options.body === undefined ? 'From incident 42.' : options.body,
    state: 'open',
    stateReason: null,
    labels: ['follow-up'],
    assignees: [],
    user: author,
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
    closedAt: null,
    closedBy: null,
  };
  const sender = state.user(options.by ?? 'dana');
  if (action !== 'opened') closeIssue(issue, sender, action === 'closed' ? 'not_planned' : 'completed');
  if (action === 'reopened') reopenIssue(issue);
  return issuesPayload(HOSTS, repo, issue, action, action === 'opened' ? author : sender);
}

function issueHook(hook: GitHubHook) {
  if (hook.kind !== 'issue') throw new Error(`expected an issue, got ${JSON.stringify(hook)}`);
  return hook;
}

/**
 * The contracts hold no `issues` delivery example. The nearest GitHub data: a real issue body from
 * api.github.com (the recorded create-issue answer) and the REST description's example issue, each
 * wrapped as an `issues` delivery with the repository and sender of octokit's deployment_status example.
 */
function contractDeliveries(): { name: string; body: Json }[] {
  const wrapper = readJson(new URL('deployment_status/payload.json', EXAMPLES)) as Json;
  const recorded = readJson(new URL('rest-recorded-fixtures/add-labels-to-issue.raw-fixture.json', SHARED)) as {
    method: string;
    path: string;
    status: number;
    response: Json;
  }[];
  const created = recorded.find((r) => r.method === 'post' && /\/issues$/.test(r.path) && r.status === 201);
  const rest = readJson(new URL('rest-openapi-extract-2022-07.json', SHARED)) as {
    components: { examples: { issue: { value: Json } } };
  };
  return [
    { name: 'the recorded create-issue answer', issue: created?.response },
    { name: "the REST description's example issue", issue: rest.components.examples.issue.value },
  ].map(({ name, issue }) => ({
    name,
    body: { action: 'opened', issue, repository: wrapper.repository, sender: wrapper.sender },
  }));
}

describe('parseGitHubDelivery: issues', () => {
  it("should read the emulator's opened delivery as an issue", () => {
    const hook = issueHook(parseGitHubDelivery('issues', emulated('opened'), catalog));
    expect(hook).toEqual({
      kind: 'issue',
      action: 'opened',
      repo: 'acme/incident-follow-ups',
      number: 7,
      state: 'open',
      stateReason: undefined,
      htmlUrl: 'http://127.0.0.1:4321/acme/incident-follow-ups/issues/7',
      body: 'From incident 42.',
      closedBy: undefined,
    });
  });

  it("should read the emulator's closed delivery with its reason and who closed it", () => {
    const hook = issueHook(parseGitHubDelivery('issues', emulated('closed', { by: 'dana' }), catalog));
    expect(hook).toMatchObject({ action: 'closed', state: 'closed', stateReason: 'not_planned', closedBy: 'dana' });
  });

  it("should read the emulator's reopened delivery, closed by nobody", () => {
    const hook = issueHook(parseGitHubDelivery('issues', emulated('reopened'), catalog));
    expect(hook).toMatchObject({ action: 'reopened', state: 'open', stateReason: 'reopened', closedBy: undefined });
  });

  it('should read an edited delivery, and an issue without a body as an empty body', () => {
    const body = { ...emulated('opened', { body: null }), action: 'edited' };
    expect(issueHook(parseGitHubDelivery('issues', body, catalog))).toMatchObject({ action: 'edited', body: '' });
  });

  it("should read issues of any repo, whatever the catalog follows (and of a service's repo too)", () => {
    for (const repo of ['acme/incident-follow-ups', 'acme/payments-api', 'elsewhere/notes'])
      for (const cat of [catalog, EMPTY_CATALOG])
        expect(issueHook(parseGitHubDelivery('issues', emulated('opened', { repo }), cat)).repo).toBe(repo);
  });

  it.each(contractDeliveries())('should read $name, as an issues delivery, as an issue', ({ body }) => {
    const hook = issueHook(parseGitHubDelivery('issues', body, catalog));
    expect(hook).toMatchObject({ action: 'opened', repo: 'Codertocat/Hello-World', state: 'open' });
    expect(hook.number).toBe((body.issue as Json).number);
    expect(hook.htmlUrl).toBe((body.issue as Json).html_url);
  });

  it('should call a delivery without issue.number invalid, naming the field', () => {
    const body = emulated('closed');
    delete (body.issue as Json).number;
    const hook = parseGitHubDelivery('issues', body, catalog);
    expect(hook).toEqual({ kind: 'invalid', problem: 'issue.number: expected a number, but it is missing' });
  });

  it.each([
    ['issue.state', (b: Json) => Object.assign(b.issue as Json, { state: 'merged' })],
    ['issue.number', (b: Json) => Object.assign(b.issue as Json, { number: '7' })],
    ['issue.html_url', (b: Json) => Object.assign(b.issue as Json, { html_url: null })],
    ['repository.full_name', (b: Json) => Object.assign(b.repository as Json, { full_name: 'no-slash' })],
    ['sender', (b: Json) => Object.assign(b, { sender: undefined })],
    ['issue', (b: Json) => Object.assign(b, { issue: 'seven' })],
  ])('should call a delivery with a bad %s invalid, naming it', (field, breakIt) => {
    const body = emulated('opened');
    breakIt(body);
    const hook = parseGitHubDelivery('issues', body, catalog);
    expect(hook.kind).toBe('invalid');
    expect(hook.kind === 'invalid' && hook.problem.startsWith(`${field}:`)).toBe(true);
  });

  it('should ignore an action warroom does not read, saying which it reads', () => {
    const hook = parseGitHubDelivery('issues', { ...emulated('opened'), action: 'labeled' }, catalog);
    expect(hook).toEqual({
      kind: 'ignored',
      reason: 'issues action "labeled" is not one warroom reads (opened, closed, reopened, edited)',
    });
  });

  it('should call a body that is not an object invalid, and ignore one without an action', () => {
    expect(parseGitHubDelivery('issues', [], catalog).kind).toBe('invalid');
    const { action: _action, ...body } = emulated('opened');
    expect(parseGitHubDelivery('issues', body, catalog)).toEqual({
      kind: 'ignored',
      reason: 'an "issues" delivery without an action is not one warroom reads (opened, closed, reopened, edited)',
    });
  });
});
