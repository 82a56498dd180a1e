import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectorError, isConnectorError } from '../../src/connectors/errors.js';
import { callRollbackWebhook } from '../../src/connectors/webhook/rollback-webhook.js';
import { DeploySystemReceiver } from '../../src/sandbox/deploy-system/receiver.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const SECRET = 'deploy-webhook-secret-42';
const BODY = { service: 'checkout', environment: 'production', version: 'v1.4.2', incident: 'INC-7' };

async function failure(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('callRollbackWebhook', () => {
  let deploys: DeploySystemReceiver;
  const call = (extra: Partial<Parameters<typeof callRollbackWebhook>[0]> = {}) =>
    callRollbackWebhook({ url: deploys.url, secret: SECRET, idempotencyKey: 'rollback:INC-7:1', body: BODY, ...extra });

  beforeEach(async () => {
    deploys = await DeploySystemReceiver.start({ secret: SECRET });
  });
  afterEach(async () => {
    await deploys.stop();
  });

  it('should send a signed JSON body that the receiver verifies, with the idempotency key', async () => {
    const answer = await call();
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toEqual({ accepted: true, rollback: { id: 'rb-1' } });
    const [received] = deploys.calls;
    expect(received?.signatureValid).toBe(true);
    expect(received?.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': 'rollback:INC-7:1',
      'user-agent': 'warroom',
    });
    const expected = `sha256=${createHmac('sha256', SECRET)
      .update(received?.body ?? '')
      .digest('hex')}`;
    expect(received?.headers['x-warroom-signature']).toBe(expected);
    expect(JSON.parse(received?.body ?? '')).toEqual(BODY);
    expect(deploys.rollbacks.map((r) => [r.idempotencyKey, r.body])).toEqual([['rollback:INC-7:1', BODY]]);
  });

  it('should make a repeat with the same key one rollback at the receiver, answered as the first', async () => {
    const first = await call();
    const again = await call();
    expect(again).toEqual(first);
    expect(deploys.rollbacks).toHaveLength(1);
    expect(deploys.calls.map((c) => c.replay)).toEqual([false, true]);
    await call({ idempotencyKey: 'rollback:INC-7:2' });
    expect(deploys.rollbacks).toHaveLength(2);
  });

  it('should call a 503 retryable after its Retry-After, and roll back once on the retry', async () => {
    deploys.injectFault({ kind: 'server-error', status: 503, retryAfter: '5', times: 1 });
    const error = await failure(call());
    expect(error).toMatchObject({ system: 'webhook', status: 503, retryable: true, retryAfterMs: 5000 });
    expect(error.detail).toBe(
      `The rollback webhook at ${new URL(deploys.url).origin} answered 503: {"error":"deploy system unavailable"}: the rollback may have started all the same`,
    );
    expect(deploys.rollbacks).toHaveLength(0);
    expect((await call()).status).toBe(202);
    expect(deploys.rollbacks).toHaveLength(1);
  });

  it('should honour a Retry-After given as an HTTP date on a 429, and take a 409 as final', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000);
    deploys.injectFault({ kind: 'rate-limit', retryAfter: at.toUTCString(), times: 1 });
    const limited = await failure(call());
    expect(limited).toMatchObject({ status: 429, retryable: true });
    expect(Math.abs((limited.retryAfterMs ?? 0) - (at.getTime() - Date.now()))).toBeLessThan(1500);
    deploys.injectFault({ kind: 'refuse', status: 409, body: 'rollback already running', times: 1 });
    expect(await failure(call())).toMatchObject({ status: 409, retryable: false });
  });

  it('should refuse any other 4xx as not retryable, with the body cut to 300 characters', async () => {
    deploys.injectFault({ kind: 'refuse', status: 404, body: '{"error":"unknown service checkout"}', times: 1 });
    const unknown = await failure(call());
    expect(unknown).toMatchObject({ status: 404, retryable: false, retryAfterMs: undefined });
    expect(unknown.detail).toBe(
      `The rollback webhook at ${new URL(deploys.url).origin} answered 404: {"error":"unknown service checkout"}`,
    );
    deploys.injectFault({ kind: 'refuse', status: 422, body: `bad version ${'x'.repeat(1000)}`, times: 1 });
    const long = await failure(call());
    const said = long.detail.split('answered 422: ')[1] ?? '';
    expect(said).toHaveLength(300);
    expect(said.startsWith('bad version xxx')).toBe(true);
    expect(deploys.rollbacks).toHaveLength(0);
  });

  it('should be refused with a 401 when signed with another secret, and nothing happens', async () => {
    const error = await failure(call({ secret: 'not-the-shared-secret' }));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.detail).not.toContain('not-the-shared-secret');
    expect(deploys.calls[0]?.signatureValid).toBe(false);
    expect(deploys.rollbacks).toHaveLength(0);
  });

  it('should call a connection cut after the work retryable, and the repeat is still one rollback', async () => {
    deploys.injectFault({ kind: 'crash-after', times: 1 });
    const error = await failure(call());
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.detail).toMatch(
      /^No answer from the rollback webhook at http:\/\/127\.0\.0\.1:\d+ \(.+\): the rollback may/,
    );
    expect(deploys.rollbacks).toHaveLength(1);
    expect((await call()).status).toBe(202);
    expect(deploys.rollbacks).toHaveLength(1);
    expect(deploys.calls.at(-1)?.replay).toBe(true);
  });

  it('should give up on a slow answer after its timeout, as retryable', async () => {
    deploys.injectFault({ kind: 'slow', delayMs: 400, times: 1 });
    const error = await failure(call({ timeoutMs: 100 }));
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.detail).toMatch(/did not answer within 100 ms: the rollback may have started all the same$/);
  });

  it("should never show the webhook URL's path or query, where tokens live", async () => {
    deploys.injectFault({ kind: 'server-error', status: 500, times: 1 });
    const error = await failure(call({ url: `${deploys.url}?token=supersecret-in-url` }));
    expect(error.detail).not.toContain('supersecret-in-url');
    expect(error.detail).not.toContain('/rollback');
    const unreachable = await failure(call({ url: 'http://127.0.0.1:1/hook/supersecret-path' }));
    expect(unreachable).toMatchObject({ status: undefined, retryable: true });
    expect(unreachable.detail).not.toContain('supersecret-path');
  });
});

describe('the deploy system stand-in', () => {
  it('should refuse a reused key with another body, a signed call without a key, and an unsigned one', async () => {
    const deploys = await DeploySystemReceiver.start({ secret: SECRET, path: '/hooks/rollback' });
    try {
      const base = { url: deploys.url, secret: SECRET, idempotencyKey: 'k1', body: BODY };
      await callRollbackWebhook(base);
      expect(await failure(callRollbackWebhook({ ...base, body: { ...BODY, version: 'v1.4.1' } }))).toMatchObject({
        status: 422,
        retryable: false,
      });
      expect(await failure(callRollbackWebhook({ ...base, idempotencyKey: ' ' }))).toMatchObject({
        status: undefined,
        retryable: false,
      });
      const raw = JSON.stringify(BODY);
      const signature = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
      const unkeyed = await fetch(deploys.url, {
        method: 'POST',
        headers: { 'x-warroom-signature': signature },
        body: raw,
      });
      expect(unkeyed.status).toBe(400);
      expect((await fetch(deploys.url, { method: 'POST', body: raw })).status).toBe(401);
      expect(deploys.rollbacks).toHaveLength(1);
    } finally {
      await deploys.stop();
    }
  });
});
