import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ArgoApp, ArgoCdClient, historyIdFor } from '../../src/connectors/argocd/client.js';
import { argoAnswerError } from '../../src/connectors/argocd/errors.js';
import { type ConnectorError, isConnectorError } from '../../src/connectors/errors.js';
import { ArgoCdEmulator } from '../../src/sandbox/argocd/emulator.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const TOKEN = 'argocd-connector-test-token';
const R1 = '1'.repeat(40);
const R2 = '2'.repeat(40);
const R3 = '3'.repeat(40);
const ROLLBACK = 'ApplicationService_Rollback';

async function failure(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('ArgoCdClient', () => {
  let argo: ArgoCdEmulator;
  let client: ArgoCdClient;

  beforeEach(async () => {
    argo = await ArgoCdEmulator.start({
      token: TOKEN,
      username: 'warroom',
      timing: { pickupMs: 5, runMs: 20, healthMs: 10 },
      applications: [
        { name: 'checkout', history: [R1, R2, R3] },
        { name: 'payments', project: 'money', history: [R1, R2], autoSync: true },
      ],
    });
    client = new ArgoCdClient({ url: argo.baseUrl, token: TOKEN });
  });
  afterEach(async () => {
    await argo.idle();
    expect(argo.problems).toEqual([]);
    await argo.stop();
  });

  it('should read an application: auto-sync, sync, health, the last operation and the history', async () => {
    const app = await client.getApplication('checkout');
    expect(app).toMatchObject({
      name: 'checkout',
      project: 'default',
      autoSync: false,
      sync: { status: 'Synced', revision: R3 },
      health: 'Healthy',
      operation: { phase: 'Succeeded', revision: R3, initiatedBy: 'automated' },
    });
    expect(app.history.map((h) => [h.id, h.revision])).toEqual([
      [0, R1],
      [1, R2],
      [2, R3],
    ]);
    expect(app.history[2]?.deployedAt).toBe(Date.parse(argo.app('checkout').status.history[2]?.deployedAt ?? ''));
    expect(await client.getApplication('payments', 'money')).toMatchObject({ project: 'money', autoSync: true });
    expect(argo.calls.at(-1)?.query).toEqual({ project: ['money'] });
  });

  it('should roll back to the history id of a revision, and the app then shows the operation to its end', async () => {
    const app = await client.getApplication('checkout');
    const id = historyIdFor(app, R1);
    expect(id).toBe(0);
    const accepted = await client.rollback('checkout', id ?? -1);
    expect(accepted.operation).toEqual({
      phase: 'Requested',
      startedAt: undefined,
      finishedAt: undefined,
      revision: R1,
      initiatedBy: 'warroom',
      message: undefined,
    });
    const calls = argo.calls.filter((c) => c.operation === ROLLBACK);
    expect(calls.map((c) => c.body)).toEqual([{ name: 'checkout', id: 0, dryRun: false, prune: false }]);
    expect(calls[0]?.headers['content-type']).toBe('application/json');

    await argo.waitFor(
      () => argo.app('checkout').status.health.status === 'Healthy' && !argo.app('checkout').operation,
    );
    await argo.idle();
    const after = await client.getApplication('checkout');
    expect(after.operation).toMatchObject({ phase: 'Succeeded', revision: R1, initiatedBy: 'warroom' });
    expect((after.operation?.finishedAt ?? 0) >= (after.operation?.startedAt ?? Number.POSITIVE_INFINITY)).toBe(true);
    expect(after.history.at(-1)).toMatchObject({ id: 3, revision: R1 });
    expect(historyIdFor(after, R1)).toBe(3);
    expect(after.sync.status).toBe('OutOfSync');
  });

  it('should refuse a rollback while auto-sync is on as not retryable, saying to turn it off', async () => {
    const error = await failure(client.rollback('payments', 0, { project: 'money' }));
    expect(error).toMatchObject({ system: 'argocd', status: 400, retryable: false });
    expect(error.detail).toBe(
      'Argo CD refused to roll back payments: rollback cannot be initiated when auto-sync is enabled. Turn auto-sync off for payments (argocd app set payments --sync-policy none, or Disable Auto-Sync in the UI), then roll back again.',
    );
    argo.setAutoSync('payments', false);
    expect((await client.rollback('payments', 0, { project: 'money', prune: true })).operation?.phase).toBe(
      'Requested',
    );
    expect(argo.calls.at(-1)?.body).toEqual({ name: 'payments', id: 0, dryRun: false, prune: true, project: 'money' });
  });

  it('should answer a rollback while another operation runs as retryable in about 10 s', async () => {
    await client.rollback('checkout', 1);
    const error = await failure(client.rollback('checkout', 0));
    expect(error).toMatchObject({ status: 400, retryable: true, retryAfterMs: 10_000 });
    expect(error.detail).toContain('another operation is already in progress');
  });

  it('should refuse an unknown history id as not retryable', async () => {
    const error = await failure(client.rollback('checkout', 7));
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(error.detail).toMatch(
      /^Argo CD answered 400: application argocd\/checkout does not have deployment with id 7 /,
    );
    const bad = await failure(client.rollback('checkout', 1.5));
    expect(bad.retryable).toBe(false);
    expect(argo.calls.filter((c) => c.operation === ROLLBACK)).toHaveLength(1);
  });

  it('should say a missing app may be missing rights (403), and is plainly missing once the project is named (404)', async () => {
    const denied = await failure(client.rollback('nope', 0));
    expect(denied).toMatchObject({ status: 403, retryable: false });
    expect(denied.detail).toBe(
      'Argo CD answered 403 for nope: permission denied. Either there is no application nope, or ARGOCD_TOKEN lacks the rights to roll it back (Argo CD answers both alike; with the project named, a missing app is a 404).',
    );
    const missing = await failure(client.getApplication('nope', 'default'));
    expect(missing).toMatchObject({ status: 404, retryable: false });
    expect(missing.detail).toBe(
      'Argo CD has no application nope in project default (404: applications.argoproj.io "nope" not found)',
    );
    expect((await failure(client.getApplication('payments', 'default'))).status).toBe(404);
  });

  it('should refuse a bad token as not retryable, without showing it', async () => {
    const wrong = new ArgoCdClient({ url: argo.baseUrl, token: 'not-the-token-at-all' });
    const error = await failure(wrong.getApplication('checkout'));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.detail).toBe('Argo CD refused ARGOCD_TOKEN: invalid session: token signature is invalid');
    expect(error.detail).not.toContain('not-the-token-at-all');
  });

  it.each([503, 502, 504, 500] as const)('should call a %i retryable, leaving the rollback undone', async (status) => {
    argo.injectFault({ operation: ROLLBACK, kind: 'server-error', status, times: 1 });
    const error = await failure(client.rollback('checkout', 1));
    expect(error).toMatchObject({ status, retryable: true });
    expect(error.detail).toMatch(
      new RegExp(`^Argo CD answered ${status}: .+: the rollback may have started all the same$`),
    );
    expect(argo.app('checkout').operation).toBeUndefined();
  });

  it('should read a proxy page as its title', async () => {
    argo.injectFault({ operation: ROLLBACK, kind: 'server-error', status: 502, times: 1 });
    const error = await failure(client.rollback('checkout', 1));
    expect(error.detail).toBe('Argo CD answered 502: 502 Bad Gateway: the rollback may have started all the same');
  });

  it('should call a dropped connection and a timeout retryable, with no status', async () => {
    argo.injectFault({ operation: ROLLBACK, kind: 'down', times: 1 });
    const dropped = await failure(client.rollback('checkout', 1));
    expect(dropped).toMatchObject({ status: undefined, retryable: true });
    expect(dropped.detail).toMatch(/^No answer from Argo CD at 127\.0\.0\.1:\d+ \(.+\): the rollback may have started/);
    argo.injectFault({ operation: 'ApplicationService_Get', kind: 'slow', delayMs: 400, times: 1 });
    const impatient = new ArgoCdClient({ url: argo.baseUrl, token: TOKEN, timeoutMs: 100 });
    const late = await failure(impatient.getApplication('checkout'));
    expect(late).toMatchObject({ status: undefined, retryable: true });
    expect(late.detail).toMatch(/^Argo CD at 127\.0\.0\.1:\d+ did not answer within 100 ms$/);
  });
});

describe('historyIdFor', () => {
  const app = (history: [number, string][]): ArgoApp => ({
    name: 'checkout',
    project: 'default',
    autoSync: false,
    sync: { status: 'Synced', revision: '' },
    health: 'Healthy',
    operation: undefined,
    history: history.map(([id, revision]) => ({ id, revision, deployedAt: 0 })),
  });

  it.each([
    ['the exact revision', [[4, 'abc1234def']] as [number, string][], 'abc1234def', 4],
    [
      'the newest of two deploys of a revision',
      [
        [4, R1],
        [5, R2],
        [6, R1],
      ] as [number, string][],
      R1,
      6,
    ],
    ['a short sha of 7+ characters', [[4, 'abc1234def']] as [number, string][], 'ABC1234', 4],
    ['nothing for a prefix under 7 characters', [[4, 'abc1234def']] as [number, string][], 'abc12', undefined],
    ['nothing for a revision no longer kept', [[4, R1]] as [number, string][], R2, undefined],
  ])('should find %s', (_name, history, revision, id) => {
    expect(historyIdFor(app(history), revision)).toBe(id);
  });
});

describe("Argo CD's error answers", () => {
  const subject = { app: 'checkout', action: 'roll back' } as const;
  const grpc = (code: number, message: string) => JSON.stringify({ error: message, code, message });

  it.each([
    [409, grpc(10, 'the object has been modified'), {}, true, undefined],
    [409, grpc(6, 'already exists'), {}, false, undefined],
    [429, grpc(8, 'too many requests'), { 'retry-after': '3' }, true, 3000],
    [408, grpc(1, 'context canceled'), {}, true, undefined],
    [501, grpc(12, 'unimplemented'), {}, false, undefined],
    [503, grpc(14, 'connection refused'), { 'retry-after': '2' }, true, 2000],
  ])('should read a %i (%s)', (status, text, headers, retryable, wait) => {
    const error = argoAnswerError({ status, headers, text }, subject);
    expect([error.status, error.retryable, error.retryAfterMs]).toEqual([status, retryable, wait]);
  });

  it('should say rights are missing when a 403 names the project', () => {
    const error = argoAnswerError(
      { status: 403, headers: {}, text: grpc(7, 'permission denied') },
      {
        ...subject,
        project: 'money',
      },
    );
    expect(error.detail).toBe(
      'Argo CD answered 403 for checkout in project money: permission denied. ARGOCD_TOKEN lacks the rights to roll it back.',
    );
  });
});
