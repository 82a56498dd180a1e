import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EMPTY_CATALOG } from '../../src/catalog/schema.js';
import { type ArgoHook, parseArgoNotification } from '../../src/hooks/argocd-payloads.js';
import { type Application, application, type TriggerName } from '../../src/sandbox/argocd/application.js';
import { renderGoTemplate } from '../../src/sandbox/argocd/go-template.js';
import { DOCUMENTED_CONFIG, loadNotificationsConfig } from '../../src/sandbox/argocd/notifications-config.js';
import { catalog } from './fixtures.js';

const SAMPLE = new URL('../fixtures/contracts/argocd/samples/application-synced-with-history.yaml', import.meta.url);
const sample = parse(readFileSync(SAMPLE, 'utf8')) as Application;
const config = loadNotificationsConfig(DOCUMENTED_CONFIG, 'warroom', {
  'warroom-url': 'http://127.0.0.1:3000',
  'warroom-argocd-secret': 'token',
});
const NOW = Date.parse('2024-03-05T09:00:00Z');
const SHA = 'ea8759964626a583667a2bfd08f334ec2070040a';

/** The body Argo CD sends for `trigger` about `app`: the documented template, rendered. */
function notificationFor(trigger: TriggerName, app: Application): unknown {
  const [template] = config.templates[trigger];
  if (!template) throw new Error(`the documented config sends nothing for ${trigger}`);
  return JSON.parse(renderGoTemplate(template.body, { app, context: {}, serviceType: 'webhook', recipient: '' }));
}

const body = (fields: Record<string, unknown> = {}) => ({
  trigger: 'on-deployed',
  app: 'checkout',
  revision: SHA,
  phase: 'Succeeded',
  health: 'Healthy',
  sync: 'Synced',
  finishedAt: '2024-03-05T07:33:04Z',
  initiatedBy: { username: 'alice@example.com' },
  historyId: 23,
  ...fields,
});

function deployOf(hook: ArgoHook) {
  if (hook.kind !== 'deploy') throw new Error(`expected a deploy, got ${JSON.stringify(hook)}`);
  return hook;
}

describe('parseArgoNotification: what the documented template sends', () => {
  it.each(['on-deployed', 'on-sync-failed', 'on-health-degraded'] as const)(
    'should read the %s notification rendered for the contract sample',
    (trigger) => {
      const hook = deployOf(parseArgoNotification(notificationFor(trigger, sample), EMPTY_CATALOG, { now: NOW }));
      expect(hook.trigger).toBe(trigger);
      expect(hook.historyId).toBe(23);
      expect(hook.report).toMatchObject({
        service: 'velero-test',
        environment: 'production',
        version: 'ea87599',
        commit: SHA,
        author: 'foo@example.com',
        deployId: `argocd:velero-test:${SHA}`,
        source: 'argocd',
      });
    },
  );

  it('should report the sample deployed, at the time its sync finished, field by field', () => {
    const hook = parseArgoNotification(notificationFor('on-deployed', sample), EMPTY_CATALOG, { now: NOW });
    expect(hook).toEqual({
      kind: 'deploy',
      trigger: 'on-deployed',
      historyId: 23,
      report: {
        id: `argocd:velero-test:on-deployed:${SHA}:2024-03-05T07:33:04Z`,
        deployId: `argocd:velero-test:${SHA}`,
        service: 'velero-test',
        environment: 'production',
        version: 'ea87599',
        commit: SHA,
        url: undefined,
        author: 'foo@example.com',
        description: 'Argo CD on-deployed (phase Succeeded, health Healthy, sync Synced)',
        state: 'success',
        at: Date.parse('2024-03-05T07:33:04Z'),
        source: 'argocd',
      },
    });
  });

  it('should read an app the emulator builds, synced automatically', () => {
    const app = application({ name: 'search-prod', history: ['1111111111111111111111111111111111111111', SHA] });
    const hook = deployOf(parseArgoNotification(notificationFor('on-deployed', app), catalog, { now: NOW }));
    expect(hook.historyId).toBe(1);
    expect(hook.report).toMatchObject({ service: 'search', environment: 'prod-eu', author: 'automated' });
  });

  it('should read an app with no history and no sync yet: no revision, no historyId', () => {
    const app = application({ name: 'fresh', history: [], health: 'Degraded' });
    const hook = deployOf(parseArgoNotification(notificationFor('on-health-degraded', app), catalog, { now: NOW }));
    expect(hook.historyId).toBeNull();
    expect(hook.report).toMatchObject({
      version: 'unknown',
      deployId: 'argocd:fresh:unknown',
      id: 'argocd:fresh:on-health-degraded:unknown:-',
      state: 'error',
      at: NOW,
      commit: undefined,
      description: 'Argo CD on-health-degraded (health Degraded, sync OutOfSync); Argo CD sent no revision',
    });
  });
});

describe('parseArgoNotification: the rules', () => {
  it.each([
    ['on-deployed', 'success'],
    ['on-sync-failed', 'failure'],
    ['on-health-degraded', 'error'],
  ])('should report %s as %s', (trigger, state) => {
    expect(deployOf(parseArgoNotification(body({ trigger }), catalog, { now: NOW })).report.state).toBe(state);
  });

  it('should name the catalog service that lists the app', () => {
    const hook = deployOf(parseArgoNotification(body({ app: 'search-prod' }), catalog, { now: NOW }));
    expect(hook.report).toMatchObject({
      service: 'search',
      environment: 'prod-eu',
      deployId: `argocd:search-prod:${SHA}`,
    });
  });

  it('should name the catalog service that rolls back through the app, in production', () => {
    const hook = deployOf(parseArgoNotification(body({ app: 'ledger-app' }), catalog, { now: NOW }));
    expect(hook.report).toMatchObject({ service: 'ledger', environment: 'production' });
  });

  it('should name an app the catalog does not list after the app', () => {
    expect(deployOf(parseArgoNotification(body({ app: 'billing' }), catalog, { now: NOW })).report.service).toBe(
      'billing',
    );
  });

  it('should keep a revision that is not a git sha whole, with no commit', () => {
    const hook = deployOf(parseArgoNotification(body({ revision: '1.24.3' }), catalog, { now: NOW }));
    expect(hook.report).toMatchObject({ version: '1.24.3', commit: undefined, deployId: 'argocd:checkout:1.24.3' });
  });

  it('should make one report of a notification and its retries, and another of another trigger', () => {
    const first = deployOf(parseArgoNotification(body(), catalog, { now: NOW })).report;
    const retry = deployOf(parseArgoNotification(body(), catalog, { now: NOW + 4000 })).report;
    const degraded = deployOf(
      parseArgoNotification(body({ trigger: 'on-health-degraded' }), catalog, { now: NOW }),
    ).report;
    expect(retry.id).toBe(first.id);
    expect(first.id).toBe(`argocd:checkout:on-deployed:${SHA}:2024-03-05T07:33:04Z`);
    expect(degraded.id).not.toBe(first.id);
    expect(degraded.deployId).toBe(first.deployId);
  });

  it('should date a degradation when warroom heard of it, not when the sync finished', () => {
    const hook = deployOf(parseArgoNotification(body({ trigger: 'on-health-degraded' }), catalog, { now: NOW }));
    expect(hook.report.at).toBe(NOW);
  });

  it('should date a failed sync when it finished', () => {
    const hook = deployOf(parseArgoNotification(body({ trigger: 'on-sync-failed' }), catalog, { now: NOW }));
    expect(hook.report.at).toBe(Date.parse('2024-03-05T07:33:04Z'));
  });

  it('should date a notification without finishedAt when warroom heard of it', () => {
    const hook = deployOf(parseArgoNotification(body({ finishedAt: null }), catalog, { now: NOW }));
    expect(hook.report).toMatchObject({ at: NOW, id: `argocd:checkout:on-deployed:${SHA}:-` });
  });

  it.each([
    [{ username: 'alice@example.com' }, 'alice@example.com'],
    [{ automated: true }, 'automated'],
    [null, 'automated'],
    [undefined, 'automated'],
  ])('should credit initiatedBy %j to %s', (initiatedBy, author) => {
    expect(deployOf(parseArgoNotification(body({ initiatedBy }), catalog, { now: NOW })).report.author).toBe(author);
  });

  it.each([
    [{ trigger: 'on-sync-succeeded' }, 'trigger: expected one of on-deployed, on-sync-failed, on-health-degraded'],
    [{ trigger: undefined }, 'trigger: expected a string, but it is missing'],
    [{ app: '' }, 'app: expected the Application name'],
    [{ app: 7 }, 'app: expected a string, got the number 7'],
    [{ finishedAt: 'soon' }, 'finishedAt: expected an RFC 3339 time'],
    [{ historyId: '23' }, 'historyId: expected a number, got "23"'],
    [{ initiatedBy: 'alice' }, 'initiatedBy: expected a JSON object, got "alice"'],
  ])('should refuse %j, naming the field', (fields, problem) => {
    const hook = parseArgoNotification(body(fields), catalog, { now: NOW });
    expect(hook.kind).toBe('invalid');
    expect(hook.kind === 'invalid' && hook.problem).toContain(problem);
  });

  it.each([[[]], [null], ['{"trigger":"on-deployed"}']])('should refuse a body that is not an object (%j)', (raw) => {
    expect(parseArgoNotification(raw, catalog)).toMatchObject({
      kind: 'invalid',
      problem: expect.stringMatching(/^the body: expected a JSON object/),
    });
  });
});

describe('parseArgoNotification: properties', () => {
  it('should never throw on any JSON body, and always answer deploy or invalid', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        expect(['deploy', 'invalid']).toContain(parseArgoNotification(raw, catalog, { now: NOW }).kind);
      }),
    );
  });

  it('should never throw when any field holds any JSON', () => {
    const keys = Object.keys(body());
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const hook = parseArgoNotification(body({ [key]: value }), catalog, { now: NOW });
        expect(['deploy', 'invalid']).toContain(hook.kind);
        if (hook.kind === 'deploy') expect(Number.isFinite(hook.report.at)).toBe(true);
      }),
    );
  });

  it('should carry any well-formed notification into its report', () => {
    fc.assert(
      fc.property(
        fc.record({
          trigger: fc.constantFrom('on-deployed', 'on-sync-failed'),
          app: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,40}$/),
          revision: fc.stringMatching(/^[0-9a-f]{40}$/),
          finishedAt: fc.integer({ min: 0, max: 4_102_444_800 }).map((s) => new Date(s * 1000).toISOString()),
          username: fc.stringMatching(/^[a-z]{1,12}@example\.com$/),
          historyId: fc.option(fc.nat(), { nil: null }),
        }),
        (given) => {
          const raw = body({ ...given, initiatedBy: { username: given.username } });
          const hook = deployOf(parseArgoNotification(raw, EMPTY_CATALOG, { now: NOW }));
          expect(hook.historyId).toBe(given.historyId);
          expect(hook.report).toMatchObject({
            service: given.app,
            version: given.revision.slice(0, 7),
            commit: given.revision,
            author: given.username,
            at: Date.parse(given.finishedAt),
            id: `argocd:${given.app}:${given.trigger}:${given.revision}:${given.finishedAt}`,
          });
        },
      ),
    );
  });
});
