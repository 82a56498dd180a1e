import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_CATALOG } from '../../src/catalog/schema.js';
import { DEPLOY_STATES } from '../../src/changes/deploys.js';
import {
  bodyHashKey,
  type DeployBodyResult,
  idempotencyKeyProblem,
  MAX_CLOCK_SKEW_MS,
  parseDeployBody,
} from '../../src/hooks/deploy-payloads.js';
import { catalog } from './fixtures.js';

const NOW = Date.parse('2026-11-28T14:00:00Z');
const parse = (body: unknown, key = 'ci-run-8812') => parseDeployBody(body, catalog, key, { now: NOW });

function reportOf(result: DeployBodyResult) {
  if (!result.ok) throw new Error(`expected a report, got: ${result.problem}`);
  return result.report;
}

function problemOf(result: DeployBodyResult): string {
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.report)}`);
  return result.problem;
}

describe('parseDeployBody: a good body', () => {
  it('should record the fewest fields as a successful production deploy, now', () => {
    expect(parse({ service: 'payments-api', version: 'v1.4.2' })).toEqual({
      ok: true,
      report: {
        id: 'webhook:ci-run-8812',
        deployId: 'webhook:payments-api:production:v1.4.2',
        service: 'payments-api',
        environment: 'production',
        version: 'v1.4.2',
        commit: undefined,
        url: undefined,
        author: undefined,
        description: undefined,
        state: 'success',
        at: NOW,
        source: 'webhook',
      },
    });
  });

  it('should keep every field sent', () => {
    const report = reportOf(
      parse({
        service: 'search',
        version: '2026.11.28-3',
        commit: '3F2A9C1D',
        environment: 'prod-eu',
        url: 'https://ci.example.com/pipelines/8812',
        author: 'alice',
        description: 'Rolls out the new ranking',
        at: '2026-11-28T13:58:00Z',
        state: 'in_progress',
      }),
    );
    expect(report).toMatchObject({
      service: 'search',
      version: '2026.11.28-3',
      commit: '3f2a9c1d',
      environment: 'prod-eu',
      url: 'https://ci.example.com/pipelines/8812',
      author: 'alice',
      description: 'Rolls out the new ranking',
      at: Date.parse('2026-11-28T13:58:00Z'),
      state: 'in_progress',
      deployId: 'webhook:search:prod-eu:2026.11.28-3',
    });
  });

  it.each([
    ['checkout', 'payments-api'],
    ['payments', 'payments-api'],
    ['Payments-API', 'payments-api'],
    [' checkout ', 'payments-api'],
  ])('should name the service %j by its catalog name %s', (service, name) => {
    expect(reportOf(parse({ service, version: 'v1' })).service).toBe(name);
  });

  it('should keep a service the catalog lacks when it is a good name', () => {
    expect(reportOf(parse({ service: 'billing.worker_2', version: 'v1' })).service).toBe('billing.worker_2');
    expect(reportOf(parseDeployBody({ service: 'billing', version: 'v1' }, EMPTY_CATALOG, 'k')).service).toBe(
      'billing',
    );
  });

  it.each(DEPLOY_STATES)('should take the state %s', (state) => {
    expect(reportOf(parse({ service: 'billing', version: 'v1', state })).state).toBe(state);
  });

  it.each([
    ['2026-11-28T13:58:00Z', '2026-11-28T13:58:00Z'],
    ['2026-11-28T14:58:00+01:00', '2026-11-28T13:58:00Z'],
    ['2026-11-28T13:58:00.123Z', '2026-11-28T13:58:00.123Z'],
    ['2026-11-28T13:58Z', '2026-11-28T13:58:00Z'],
    [Date.parse('2026-11-28T13:58:00Z'), '2026-11-28T13:58:00Z'],
    [NOW + MAX_CLOCK_SKEW_MS, '2026-11-28T14:05:00Z'],
  ])('should take at %j as %s', (at, expected) => {
    expect(reportOf(parse({ service: 'billing', version: 'v1', at })).at).toBe(Date.parse(expected));
  });

  it('should treat null as a field left out', () => {
    const report = reportOf(
      parse({
        service: 'billing',
        version: 'v1',
        commit: null,
        environment: null,
        url: null,
        author: null,
        description: null,
        at: null,
        state: null,
      }),
    );
    expect(report).toMatchObject({ environment: 'production', state: 'success', at: NOW, commit: undefined });
  });

  it('should record a report from the CLI as the CLI', () => {
    const report = reportOf(
      parseDeployBody({ service: 'billing', version: 'v1' }, catalog, 'k1', { now: NOW, source: 'cli' }),
    );
    expect(report).toMatchObject({ id: 'cli:k1', source: 'cli', deployId: 'webhook:billing:production:v1' });
  });

  it('should take the report id from the idempotency key', () => {
    expect(reportOf(parse({ service: 'billing', version: 'v1' }, 'abc')).id).toBe('webhook:abc');
  });
});

describe('parseDeployBody: what a CI engineer is told', () => {
  it('should say service and version are required, and what they hold', () => {
    expect(problemOf(parse({}))).toBe(
      'service: expected a string, but it is missing (the catalog name or an alias of the service, e.g. "payments-api"); ' +
        'version: expected a string, but it is missing (what people call the release, e.g. "2026.11.28-3" or "v1.4.2")',
    );
  });

  it('should say what a good service name looks like, listing the catalog', () => {
    const problem = problemOf(parse({ service: 'Payments API', version: 'v1' }));
    expect(problem).toMatch(/^service: "Payments API" is neither in the catalog \(payments-api, search, ledger/);
    expect(problem).toContain('1–63 lowercase letters, digits, dots, dashes or underscores');
  });

  it('should say what a good service name looks like without a catalog', () => {
    expect(problemOf(parseDeployBody({ service: '-x', version: 'v1' }, EMPTY_CATALOG, 'k'))).toBe(
      'service: "-x" is not a service name: use 1–63 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit (e.g. payments-api)',
    );
  });

  it.each([
    [{ version: '' }, 'version: is empty'],
    [{ version: '   ' }, 'version: is empty'],
    [{ version: 'v'.repeat(101) }, 'version: must be 1–100 characters on one line (got 101)'],
    [{ version: 'v1\nv2' }, 'version: must be 1–100 characters on one line (got 5, with a control character)'],
    [{ version: 12 }, 'version: expected a string, got the number 12'],
    [{ commit: '3f2a9c' }, 'commit: expected 7–40 hex digits of a git sha, got "3f2a9c"'],
    [{ commit: 'a'.repeat(41) }, 'commit: expected 7–40 hex digits of a git sha'],
    [{ commit: 'main' }, 'commit: expected 7–40 hex digits of a git sha, got "main"'],
    [{ url: 'ftp://files.example.com/x' }, 'url: expected an http(s) URL, got "ftp://files.example.com/x"'],
    [{ url: 'ci.example.com/run/1' }, 'url: expected an http(s) URL'],
    [{ environment: '' }, 'environment: is empty: leave the field out (or null) for production'],
    [{ environment: 'a'.repeat(256) }, 'environment: is 256 characters long, and at most 255 fit'],
    [{ author: 'bob\tsmith' }, 'author: contains a control character'],
    [
      { state: 'done' },
      'state: expected one of "queued", "pending", "in_progress", "success", "failure", "error", "inactive", got "done"',
    ],
    [{ at: 1_764_338_400 }, 'at: 1764338400 looks like epoch seconds: send milliseconds (1764338400000)'],
    [{ at: 1.5e12 + 0.5 }, 'at: expected whole epoch milliseconds'],
    [{ at: -1 }, 'at: expected whole epoch milliseconds'],
    [{ at: '2026-11-28T13:58:00' }, 'at: expected an ISO 8601 time with a zone'],
    [
      { at: '2026-02-30T10:00:00Z' },
      'at: expected an ISO 8601 time with a zone, e.g. "2026-11-28T14:03:00Z", or epoch milliseconds, got "2026-02-30T10:00:00Z"',
    ],
    [{ at: 'yesterday' }, 'at: expected an ISO 8601 time'],
    [
      { at: true },
      'at: expected an ISO 8601 time with a zone, e.g. "2026-11-28T14:03:00Z", or epoch milliseconds, got true',
    ],
    [{ at: '2026-11-28T14:06:00Z' }, "at: 2026-11-28T14:06:00.000Z is 6 minutes ahead of warroom's clock"],
    [{ at: NOW + MAX_CLOCK_SKEW_MS + 1 }, "ahead of warroom's clock"],
    [{ verison: 'v2' }, 'the body: unknown field "verison" (warroom reads service, version, commit, environment'],
  ])('should explain %j', (fields, problem) => {
    expect(problemOf(parse({ service: 'billing', version: 'v1', ...fields }))).toContain(problem);
  });

  it('should list at most three problems, counting the rest', () => {
    const problem = problemOf(parse({ service: 'A B', version: '', commit: 'x', url: 'y', state: 'z' }));
    expect(problem.split('; ')).toHaveLength(3);
    expect(problem).toMatch(/ \(and 2 more\)$/);
  });

  it.each([[[]], [null], ['service=x'], [7]])('should say the body must be a JSON object (%j)', (body) => {
    expect(problemOf(parse(body))).toMatch(
      /^the body: expected a JSON object, got .* \(warroom reads service, version/,
    );
  });
});

describe('parseDeployBody: properties', () => {
  it('should never throw on any JSON body, and always answer a report or a problem', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const result = parse(body);
        if (result.ok) expect(Number.isFinite(result.report.at)).toBe(true);
        else expect(result.problem.length).toBeGreaterThan(0);
      }),
    );
  });

  it('should never throw when any field holds any JSON, and name that field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('service', 'version', 'commit', 'environment', 'url', 'author', 'description', 'at', 'state'),
        fc.jsonValue(),
        (field, value) => {
          const result = parse({ service: 'billing', version: 'v1', [field]: value });
          if (!result.ok) {
            // Each problem starts with the field it is about, so a CI engineer knows where to look.
            for (const part of result.problem.split('; ')) expect(part.startsWith(`${field}: `)).toBe(true);
          }
        },
      ),
    );
  });

  const oneLine = (max: number) =>
    fc
      .string({ minLength: 1, maxLength: max, unit: 'grapheme-ascii' })
      .filter((s) => s.trim() === s && s.length > 0 && !/\p{Cc}/u.test(s));

  it('should carry every field of a valid body into the report', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            service: fc
              .stringMatching(/^[a-z0-9][a-z0-9._-]{0,62}$/)
              .filter((s) => !['checkout', 'payments'].includes(s)),
            version: oneLine(100),
            commit: fc.stringMatching(/^[0-9a-f]{7,40}$/),
            environment: oneLine(255),
            url: fc.webUrl(),
            author: oneLine(100),
            description: oneLine(1000),
            at: fc.integer({ min: 100_000_000_000, max: NOW + MAX_CLOCK_SKEW_MS }),
            state: fc.constantFrom(...DEPLOY_STATES),
          },
          { requiredKeys: ['service', 'version'] },
        ),
        fc.stringMatching(/^[\x20-\x7e]{1,200}$/),
        (body, key) => {
          const report = reportOf(parseDeployBody(body, EMPTY_CATALOG, key, { now: NOW }));
          const environment = body.environment ?? 'production';
          expect(report).toEqual({
            id: `webhook:${key}`,
            deployId: `webhook:${body.service}:${environment}:${body.version}`,
            service: body.service,
            version: body.version,
            commit: body.commit,
            environment,
            url: body.url,
            author: body.author,
            description: body.description,
            at: body.at ?? NOW,
            state: body.state ?? 'success',
            source: 'webhook',
          });
        },
      ),
    );
  });
});

describe('bodyHashKey', () => {
  it('should be the SHA-256 of the body, in hex', () => {
    expect(bodyHashKey(Buffer.from('Hello, World!'))).toBe(
      'dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f',
    );
  });

  it('should make the same bytes one key and other bytes another', () => {
    const body = Buffer.from('{"service":"billing","version":"v1"}');
    expect(bodyHashKey(Buffer.from(body))).toBe(bodyHashKey(body));
    expect(bodyHashKey(Buffer.from('{"service":"billing","version":"v2"}'))).not.toBe(bodyHashKey(body));
  });

  it('should make a key the idempotency key check accepts', () => {
    expect(idempotencyKeyProblem(bodyHashKey(Buffer.alloc(0)))).toBeUndefined();
  });
});

describe('idempotencyKeyProblem', () => {
  it.each([undefined, 'ci-run-8812', 'a', 'x'.repeat(200), 'pipeline 42 / job #7', '~!@#$%^&*()'])(
    'should accept %j',
    (header) => {
      expect(idempotencyKeyProblem(header)).toBeUndefined();
    },
  );

  it.each([
    ['', 'got an empty value'],
    ['x'.repeat(201), 'got 201 characters'],
    ['déploiement-7', 'got a character outside printable ASCII'],
    ['run\n7', 'got a character outside printable ASCII'],
    ['🔥', 'got a character outside printable ASCII'],
  ])('should refuse %j, saying what would do', (header, got) => {
    const problem = idempotencyKeyProblem(header);
    expect(problem).toMatch(/^Idempotency-Key: expected 1–200 printable ASCII characters/);
    expect(problem).toContain(got);
    expect(problem).toContain("the body's hash is the key");
  });
});
