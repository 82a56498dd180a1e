import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArgoCdEmulator, type ArgoCdEmulatorOptions } from '../../src/sandbox/argocd/emulator.js';
import { renderGoTemplate } from '../../src/sandbox/argocd/go-template.js';
import { DOCUMENTED_CONFIG, loadNotificationsConfig } from '../../src/sandbox/argocd/notifications-config.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const TOKEN = 'argocd-token-for-tests';
const SECRET = 'argocd-shared-secret';
const R1 = '1'.repeat(40);
const R2 = '2'.repeat(40);
const R3 = '3'.repeat(40);

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for warroom's POST /hooks/argocd: answers with the given statuses in turn, then 200. */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const fastRetries = { waitMinMs: 10, waitMaxMs: 40, retryAfterUnitMs: 10 };

let argo: ArgoCdEmulator | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

async function setUp(options: { statuses?: number[]; autoSync?: boolean } & Partial<ArgoCdEmulatorOptions> = {}) {
  receiver = await startReceiver(options.statuses);
  argo = await ArgoCdEmulator.start({
    token: TOKEN,
    username: 'warroom',
    timing: { pickupMs: 5, runMs: 20, healthMs: 10 },
    applications: [
      { name: 'checkout', history: [R1, R2, R3], autoSync: options.autoSync ?? false },
      { name: 'payments', project: 'money', history: [R1], labels: { team: 'pay' } },
    ],
    notifications: {
      secrets: { 'warroom-url': receiver.baseUrl, 'warroom-argocd-secret': SECRET },
      retry: fastRetries,
    },
    ...options,
  });
  return { argo, receiver };
}

afterEach(async () => {
  expect(argo?.problems ?? []).toEqual([]);
  await argo?.stop();
  await receiver?.close();
  argo = undefined;
  receiver = undefined;
});

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${argo?.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: ReturnType<typeof JSON.parse>;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

const rollback = (name: string, body: Record<string, unknown>) =>
  api('POST', `/api/v1/applications/${name}/rollback`, body);

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('the Argo CD emulator', () => {
  it('should refuse a rollback while auto-sync is on with 400 FailedPrecondition and the documented message', async () => {
    await setUp({ autoSync: true });
    const answer = await rollback('checkout', { id: 1 });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: 'rollback cannot be initiated when auto-sync is enabled',
      code: 9,
      message: 'rollback cannot be initiated when auto-sync is enabled',
    });
  });

  it('should answer 403 permission denied for an unknown app, and 404 when a project is named', async () => {
    await setUp();
    expect(await rollback('nope', { id: 0 })).toMatchObject({
      status: 403,
      json: { error: 'permission denied', code: 7, message: 'permission denied' },
    });
    expect(await rollback('nope', { id: 0, project: 'default' })).toMatchObject({
      status: 404,
      json: { code: 5, message: 'applications.argoproj.io "nope" not found' },
    });
    expect((await api('GET', '/api/v1/applications/nope')).status).toBe(403);
    expect((await api('GET', '/api/v1/applications/nope?project=default')).status).toBe(404);
    expect((await api('GET', '/api/v1/applications/payments?project=default')).status).toBe(404);
    expect((await api('GET', '/api/v1/applications/payments?project=money')).status).toBe(200);
  });

  it('should answer 401 with the grpc-gateway body without a session, and take the argocd.token cookie', async () => {
    await setUp();
    const none = await fetch(`${argo?.baseUrl}/api/v1/applications`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: 'no session information', code: 16, message: 'no session information' });
    expect((await api('GET', '/api/v1/applications', undefined, { authorization: 'Bearer wrong' })).json.code).toBe(16);
    const cookie = await fetch(`${argo?.baseUrl}/api/v1/applications`, {
      headers: { cookie: `argocd.token=${TOKEN}` },
    });
    expect(cookie.status).toBe(200);
    expect(argo?.calls.every((c) => c.headers.authorization === undefined && c.headers.cookie === undefined)).toBe(
      true,
    );
  });

  it.each([
    [{ id: 7 }, 'application argocd/checkout does not have deployment with id 7'],
    [{ id: '1' }, 'json: cannot unmarshal string into Go struct field ApplicationRollbackRequest.id of type int64'],
    ['id=1', "invalid character 'i' looking for beginning of value"],
    [
      { id: 1, dryRun: 'yes' },
      'json: cannot unmarshal string into Go struct field ApplicationRollbackRequest.dryRun of type bool',
    ],
  ])('should refuse the rollback body %j with 400 InvalidArgument "%s"', async (body, message) => {
    await setUp();
    const answer = await api('POST', '/api/v1/applications/checkout/rollback', body);
    expect(answer).toMatchObject({ status: 400, json: { code: 3, message, error: message } });
  });

  it('should list applications, filtered by project and label selector', async () => {
    await setUp();
    const all = await api('GET', '/api/v1/applications');
    expect(all.json.items.map((a: { metadata: { name: string } }) => a.metadata.name)).toEqual([
      'checkout',
      'payments',
    ]);
    expect(all.json.metadata.resourceVersion).toMatch(/^\d+$/);
    const money = await api('GET', '/api/v1/applications?projects=money');
    expect(money.json.items.map((a: { metadata: { name: string } }) => a.metadata.name)).toEqual(['payments']);
    const team = await api('GET', '/api/v1/applications?selector=team%3Dpay');
    expect(team.json.items).toHaveLength(1);
    const app = (await api('GET', '/api/v1/applications/checkout')).json;
    expect(app.status.history.map((h: { id: number; revision: string }) => [h.id, h.revision])).toEqual([
      [0, R1],
      [1, R2],
      [2, R3],
    ]);
    expect(app.status).toMatchObject({ sync: { status: 'Synced' }, health: { status: 'Healthy' } });
  });

  it("should run a rollback to the end and notify with the documented template's fields", async () => {
    const { receiver: hook } = await setUp();
    const answer = await rollback('checkout', { id: 0, prune: true });
    expect(answer.status).toBe(200);
    expect(answer.json.operation).toMatchObject({
      sync: { revision: R1, prune: true },
      initiatedBy: { username: 'warroom' },
    });
    expect(answer.json.status.operationState).toBeUndefined();
    const second = await rollback('checkout', { id: 1 });
    expect(second).toMatchObject({
      status: 400,
      json: { code: 9, message: 'another operation is already in progress' },
    });

    await argo?.waitFor(() => argo?.app('checkout').status.operationState?.phase === 'Running');
    const sent = await argo?.waitFor(() => argo?.notifications.find((n) => n.result === 'delivered'));
    const app = argo?.app('checkout');
    expect(app?.status.operationState?.phase).toBe('Succeeded');
    expect(app?.status.health.status).toBe('Healthy');
    expect(app?.status.sync.status).toBe('OutOfSync');
    expect(app?.status.history.at(-1)).toMatchObject({ id: 3, revision: R1, initiatedBy: { username: 'warroom' } });
    expect(app?.operation).toBeUndefined();

    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hooks/argocd');
    expect(request?.headers['x-warroom-token']).toBe(SECRET);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(Object.keys(request?.headers ?? {}).sort()).toEqual(
      ['accept-encoding', 'content-length', 'content-type', 'host', 'user-agent', 'x-warroom-token'].sort(),
    );
    expect(JSON.parse(request?.body ?? '')).toEqual({
      trigger: 'on-deployed',
      app: 'checkout',
      revision: R1,
      phase: 'Succeeded',
      health: 'Healthy',
      sync: 'OutOfSync',
      finishedAt: app?.status.operationState?.finishedAt,
      initiatedBy: { username: 'warroom' },
      historyId: 3,
    });
    expect(sent?.trigger).toBe('on-deployed');
  });

  it('should retry a notification the receiver answers 503, then deliver it', async () => {
    const { receiver: hook } = await setUp({ statuses: [503, 503] });
    await rollback('checkout', { id: 1 });
    const sent = await argo?.waitFor(() => argo?.notifications.find((n) => n.result !== undefined));
    expect(sent?.result).toBe('delivered');
    expect(sent?.attempts.map((a) => (a.outcome.kind === 'answered' ? a.outcome.status : a.outcome.error))).toEqual([
      503, 503, 200,
    ]);
    expect(sent?.attempts.map((a) => a.waitedMs)).toEqual([10, 20, undefined]);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
  });

  it('should give up after three retries, and not retry a 400 or a 501', async () => {
    await setUp({ statuses: [500, 502, 504, 500] });
    await rollback('checkout', { id: 1 });
    const gaveUp = await argo?.waitFor(() => argo?.notifications.find((n) => n.result !== undefined));
    expect([gaveUp?.result, gaveUp?.attempts.length]).toEqual(['gave-up', 4]);
    await argo?.stop();
    await receiver?.close();
    for (const status of [400, 501]) {
      await setUp({ statuses: [status] });
      await rollback('checkout', { id: 1 });
      const failed = await argo?.waitFor(() => argo?.notifications.find((n) => n.result !== undefined));
      expect([failed?.result, failed?.attempts.length]).toEqual(['failed', 1]);
      await argo?.stop();
      await receiver?.close();
      argo = undefined;
      receiver = undefined;
    }
  });

  it('should notify on-sync-failed for a rollback that fails, and on-health-degraded for one that degrades', async () => {
    const { receiver: hook } = await setUp();
    argo?.nextOperationEnds('checkout', 'failed', 'degraded');
    await rollback('checkout', { id: 1 });
    await argo?.waitFor(() => argo?.notifications.find((n) => n.trigger === 'on-sync-failed' && n.result));
    const failed = JSON.parse(hook.received[0]?.body ?? '');
    expect(failed).toMatchObject({ trigger: 'on-sync-failed', phase: 'Failed', revision: R2, historyId: 2 });
    expect(argo?.app('checkout').status.history).toHaveLength(3);

    await rollback('checkout', { id: 0 });
    await argo?.waitFor(() => argo?.notifications.find((n) => n.trigger === 'on-health-degraded' && n.result));
    const degraded = JSON.parse(hook.received[1]?.body ?? '');
    expect(degraded).toMatchObject({
      trigger: 'on-health-degraded',
      phase: 'Succeeded',
      health: 'Degraded',
      revision: R1,
    });
    expect(argo?.notifications.map((n) => n.trigger)).toEqual(['on-sync-failed', 'on-health-degraded']);
  });

  it('should not notify on-deployed again for a revision it already notified (oncePer)', async () => {
    await setUp();
    await rollback('checkout', { id: 1 });
    await argo?.waitFor(() => argo?.notifications.length === 1 && argo.notifications[0]?.result);
    await argo?.waitFor(() => argo?.app('checkout').operation === undefined);
    // Back to the head revision, whose deploy was notified before the emulator started ('live').
    expect((await api('POST', '/api/v1/applications/checkout/sync', {})).status).toBe(200);
    await argo?.waitFor(
      () =>
        argo?.app('checkout').status.health.status === 'Healthy' && argo.app('checkout').status.history.length === 5,
    );
    await argo?.idle();
    expect(argo?.app('checkout').status.sync.status).toBe('Synced');
    expect(argo?.notifications.map((n) => n.revision)).toEqual([R2]);
  });

  it('should answer 503 Unavailable, slowly, or not at all, when told to', async () => {
    await setUp();
    argo?.injectFault({ operation: 'ApplicationService_Rollback', kind: 'server-error', status: 503, times: 1 });
    const unavailable = await rollback('checkout', { id: 1 });
    expect([unavailable.status, unavailable.json.code]).toEqual([503, 14]);
    expect(argo?.app('checkout').operation).toBeUndefined();
    argo?.injectFault({ operation: 'ApplicationService_Get', kind: 'slow', delayMs: 120, times: 1 });
    const started = Date.now();
    expect((await api('GET', '/api/v1/applications/checkout')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    argo?.injectFault({ operation: '*', kind: 'down', times: 1 });
    await expect(api('GET', '/api/v1/applications')).rejects.toThrow();
    expect((await api('GET', '/api/v1/applications')).status).toBe(200);
  });

  it('should refuse to start when the documented trigger conditions are changed', () => {
    const edited = readFileSync(DOCUMENTED_CONFIG, 'utf8').replace(
      "when: app.status.health.status == 'Degraded'",
      "when: app.status.health.status in ['Degraded', 'Missing']",
    );
    const file = join(mkdtempSync(join(tmpdir(), 'argocd-cm-')), 'cm.yaml');
    writeFileSync(file, edited);
    const secrets = { 'warroom-url': 'http://x', 'warroom-argocd-secret': 's' };
    expect(() => loadNotificationsConfig(DOCUMENTED_CONFIG, 'warroom', secrets)).not.toThrow();
    expect(() => loadNotificationsConfig(file, 'warroom', secrets)).toThrow(/trigger.on-health-degraded/);
    expect(() => loadNotificationsConfig(DOCUMENTED_CONFIG, 'warroom', { 'warroom-url': 'x' })).toThrow(
      /warroom-argocd-secret/,
    );
  });
});

describe("the emulator's Go text/template", () => {
  it.each([
    ['{{toJson .a.b}}', { a: { b: 'x<y' } }, '"x\\u003cy"'],
    ['{{toJson .a.missing.deeper}}', { a: {} }, 'null'],
    ['{{.a.missing}}', { a: {} }, '<no value>'],
    ['{{toJson .m}}', { m: { b: 1, a: true } }, '{"a":true,"b":1}'],
    ['{{with .l}}{{toJson (last .).id}}{{else}}null{{end}}', { l: [{ id: 1 }, { id: 2 }] }, '2'],
    ['{{with .l}}{{toJson (last .).id}}{{else}}null{{end}}', { l: [] }, 'null'],
    ['{{with .nope}}yes{{else}}no{{end}}', {}, 'no'],
  ])('should render %s as Go does', (source, data, expected) => {
    expect(renderGoTemplate(source, data)).toBe(expected);
  });

  it.each([
    ['{{index .a "x"}}'],
    ['{{if .a}}x{{end}}'],
    ['{{.a | toJson}}'],
    ['{{- .a}}'],
    ['{{.a.b}}'],
    ['{{toJson last .a}}'],
  ])('should fail loudly on %s rather than guess', (source) => {
    expect(() => renderGoTemplate(source, { a: null })).toThrow();
  });
});
