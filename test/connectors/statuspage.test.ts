import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectorError, isConnectorError } from '../../src/connectors/errors.js';
import { type NewStatuspageIncident, StatuspageClient } from '../../src/connectors/statuspage/client.js';
import { RATE_LIMIT_WAIT_MS, statuspageAnswerError } from '../../src/connectors/statuspage/errors.js';
import { StatuspageEmulator } from '../../src/sandbox/statuspage/emulator.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const API_KEY = 'c0ffee4ca7b0d1e5c0ffee4ca7b0d1e5c0ffee4ca7b0d1e5c0ffee4ca7b0d1e5';
const PAGE_ID = 'wrrm0pagetst';
const CHECKOUT = 'chk0ut000001';
const PAYMENTS = 'paym3nts0001';
const CREATE = 'postPagesPageIdIncidents';
const UPDATE = 'patchPagesPageIdIncidentsIncidentId';

const marker = (incident: string) => ({ warroom: { incident, install: 'warroom' } });

function declared(incident = 'INC-42', overrides: Partial<NewStatuspageIncident> = {}): NewStatuspageIncident {
  return {
    name: 'Checkout is failing',
    status: 'investigating',
    body: 'We are looking into failed checkouts.',
    components: { [CHECKOUT]: 'major_outage' },
    deliverNotifications: false,
    metadata: marker(incident),
    ...overrides,
  };
}

async function failure(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('StatuspageClient', () => {
  let statuspage: StatuspageEmulator;
  let client: StatuspageClient;

  beforeEach(async () => {
    statuspage = await StatuspageEmulator.start({
      apiKey: API_KEY,
      pageId: PAGE_ID,
      components: [
        { id: CHECKOUT, name: 'Checkout' },
        { id: PAYMENTS, name: 'Payments' },
      ],
    });
    // The config's default has a trailing slash; the client must not double it.
    client = new StatuspageClient({ apiUrl: `${statuspage.apiUrl}/`, apiKey: API_KEY, pageId: PAGE_ID });
  });
  afterEach(async () => {
    await statuspage.idle();
    await statuspage.stop();
  });

  it('should make one incident with two updates when it creates and then updates, components set as asked', async () => {
    const created = await client.createIncident(declared());
    const updated = await client.updateIncident(created.id, {
      status: 'identified',
      body: 'A bad deploy of checkout; rolling back.',
      components: { [CHECKOUT]: 'partial_outage', [PAYMENTS]: 'degraded_performance' },
      deliverNotifications: true,
    });

    expect(statuspage.incidents).toHaveLength(1);
    expect(updated).toMatchObject({
      id: created.id,
      name: 'Checkout is failing',
      status: 'identified',
      metadata: marker('INC-42'),
      components: { [CHECKOUT]: 'partial_outage', [PAYMENTS]: 'degraded_performance' },
      resolvedAt: undefined,
    });
    expect(updated.shortlink).toMatch(/^https:\/\/stspg\.io\//);
    expect(updated.url).toBe(updated.shortlink);
    expect(updated.updates.map((u) => [u.status, u.body])).toEqual([
      ['investigating', 'We are looking into failed checkouts.'],
      ['identified', 'A bad deploy of checkout; rolling back.'],
    ]);
    expect(created.components).toEqual({ [CHECKOUT]: 'major_outage' });
    expect(statuspage.component(CHECKOUT).status).toBe('partial_outage');
    expect(statuspage.component(PAYMENTS).status).toBe('degraded_performance');
    expect(await client.getIncident(created.id)).toEqual(updated);

    const [create, update] = statuspage.calls;
    expect(create).toMatchObject({
      operation: CREATE,
      auth: { source: 'header', scheme: 'OAuth', valid: true },
      query: {},
      encoding: 'json',
      body: {
        incident: {
          name: 'Checkout is failing',
          status: 'investigating',
          components: { [CHECKOUT]: 'major_outage' },
          deliver_notifications: false,
          metadata: marker('INC-42'),
        },
      },
    });
    expect(update).toMatchObject({
      operation: UPDATE,
      path: `/v1/pages/${PAGE_ID}/incidents/${created.id}`,
      body: { incident: { status: 'identified', deliver_notifications: true } },
    });
    expect(statuspage.incidents[0]?.updates.map((u) => u.deliverNotifications)).toEqual([false, true]);
  });

  it('should resolve an incident with resolvedAt set and the components as asked (operational)', async () => {
    const created = await client.createIncident(declared());
    const before = Date.now();
    const resolved = await client.updateIncident(created.id, {
      status: 'resolved',
      body: 'Checkout works again.',
      components: { [CHECKOUT]: 'operational' },
      deliverNotifications: true,
    });

    expect(resolved.status).toBe('resolved');
    expect(resolved.resolvedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(resolved.components).toEqual({ [CHECKOUT]: 'operational' });
    expect(statuspage.component(CHECKOUT).status).toBe('operational');
    expect(resolved.updates.at(-1)).toMatchObject({ status: 'resolved', body: 'Checkout works again.' });
    expect(await client.listUnresolved()).toEqual([]);
  });

  it("should find by marker the unresolved incident created with it, not a resolved one nor another incident's", async () => {
    const earlier = await client.createIncident(declared('INC-42', { name: 'Checkout failed last week' }));
    await client.updateIncident(earlier.id, {
      status: 'resolved',
      body: 'Fixed.',
      components: { [CHECKOUT]: 'operational' },
      deliverNotifications: false,
    });
    const other = await client.createIncident(declared('INC-41', { components: { [PAYMENTS]: 'partial_outage' } }));
    const ours = await client.createIncident(declared('INC-42'));
    const anotherInstall = await client.createIncident(
      declared('INC-42', { metadata: { warroom: { incident: 'INC-42', install: 'staging' } } }),
    );

    const found = await client.findByMarker(marker('INC-42'));
    expect(found?.id).toBe(ours.id);
    expect((await client.findByMarker(marker('INC-41')))?.id).toBe(other.id);
    expect(await client.findByMarker(marker('INC-43'))).toBeUndefined();
    expect((await client.listUnresolved()).map((i) => i.id)).toEqual([anotherInstall.id, ours.id, other.id]);
    expect(statuspage.calls.at(-1)).toMatchObject({ query: { page: '1', per_page: '100' } });
    await expect(client.findByMarker({ warroom: {} })).rejects.toMatchObject({ retryable: false });
  });

  it("should list the page's components with their status", async () => {
    await client.createIncident(declared());
    expect(await client.components()).toEqual([
      { id: CHECKOUT, name: 'Checkout', status: 'major_outage' },
      { id: PAYMENTS, name: 'Payments', status: 'operational' },
    ]);
  });

  it('should refuse for good, naming STATUSPAGE_API_KEY and never showing a key, without the right key', async () => {
    const wrongKey = 'not-the-key-0123456789abcdef';
    const wrong = new StatuspageClient({ apiUrl: statuspage.apiUrl, apiKey: wrongKey, pageId: PAGE_ID });
    const error = await failure(wrong.createIncident(declared()));

    expect(error).toMatchObject({ system: 'statuspage', status: 401, retryable: false, retryAfterMs: undefined });
    expect(error.detail).toBe('Statuspage refused STATUSPAGE_API_KEY: Could not authenticate');
    expect(statuspage.incidents).toEqual([]);
    expect(statuspage.calls[0]?.auth).toEqual({ source: 'header', scheme: 'OAuth', valid: false });
    expect(JSON.stringify(statuspage.calls)).not.toContain(wrongKey);
  });

  it('should say the page or incident is not found (check STATUSPAGE_PAGE_ID), for good', async () => {
    const elsewhere = new StatuspageClient({ apiUrl: statuspage.apiUrl, apiKey: API_KEY, pageId: 'n0tourpage01' });
    const page = await failure(elsewhere.listUnresolved());
    expect(page).toMatchObject({ status: 404, retryable: false });
    expect(page.detail).toContain('no page n0tourpage01');
    expect(page.detail).toContain('check STATUSPAGE_PAGE_ID');

    const incident = await failure(client.getIncident('n0such1ncid3'));
    expect(incident).toMatchObject({ status: 404, retryable: false });
    expect(incident.detail).toContain(`no incident n0such1ncid3 on page ${PAGE_ID}`);
  });

  it("should refuse an unknown component for good with a 422 whose detail quotes Statuspage's message", async () => {
    const error = await failure(
      client.createIncident(declared('INC-42', { components: { n0tacomp0nent: 'major_outage' } })),
    );
    const said = (statuspage.calls.at(-1)?.response as { message?: string } | undefined)?.message ?? '';

    expect(said).toContain('n0tacomp0nent');
    expect(error).toMatchObject({ system: 'statuspage', status: 422, retryable: false });
    expect(error.detail).toBe(`Statuspage answered 422: ${said}`);
    expect(statuspage.incidents).toEqual([]);
  });

  it.each([429, 420] as const)(
    'should be retryable after Retry-After when Statuspage answers %i for rate',
    async (status) => {
      statuspage.injectFault({ operation: CREATE, kind: 'rate-limited', status, retryAfter: 7, times: 1 });
      const error = await failure(client.createIncident(declared()));

      expect(error).toMatchObject({ system: 'statuspage', status, retryable: true, retryAfterMs: 7000 });
      expect(error.detail).toContain('retry in 7 s');
      expect(statuspage.incidents).toEqual([]);
      await client.createIncident(declared());
      expect(statuspage.incidents).toHaveLength(1);
    },
  );

  it("should wait the spec's whole 60 s window when a rate refusal gives no Retry-After", () => {
    // The emulator always sends Retry-After, so this case is checked on the mapping itself.
    const error = statuspageAnswerError(
      { status: 420, headers: {}, text: '{"message":"Rate limit exceeded"}' },
      { action: 'read', pageId: PAGE_ID },
    );
    expect(error).toMatchObject({ retryable: true, retryAfterMs: RATE_LIMIT_WAIT_MS });
    expect(RATE_LIMIT_WAIT_MS).toBe(60_000);
  });

  it('should be retryable on its own rolling-window limit, honouring its Retry-After', async () => {
    statuspage.setRateLimit({ requests: 1, windowMs: 60_000 });
    await client.components();
    const error = await failure(client.listUnresolved());
    expect(error).toMatchObject({ status: 429, retryable: true });
    expect(error.retryAfterMs).toBeGreaterThan(50_000);
  });

  it('should be retryable on a 502, saying a create may have been published all the same', async () => {
    statuspage.injectFault({ operation: CREATE, kind: 'server-error', status: 502, times: 1 });
    const error = await failure(client.createIncident(declared()));

    expect(error).toMatchObject({ system: 'statuspage', status: 502, retryable: true });
    expect(error.detail).toMatch(
      /^Statuspage answered 502: Bad Gateway: the incident may have been published all the same/,
    );
  });

  it('should be retryable when the answer to a create is lost, and findByMarker then finds the incident it made', async () => {
    statuspage.injectFault({ operation: CREATE, kind: 'crash-after', times: 1 });
    const error = await failure(client.createIncident(declared()));
    expect(error).toMatchObject({ system: 'statuspage', status: undefined, retryable: true });
    expect(error.detail).toContain('may have been published all the same');

    // What the job does on its retry: look first, create only if nothing is there.
    const found = (await client.findByMarker(marker('INC-42'))) ?? (await client.createIncident(declared()));
    expect(found.id).toBe(statuspage.incidents[0]?.id);
    expect(statuspage.incidents).toHaveLength(1);
    expect(statuspage.calls.filter((c) => c.operation === CREATE)).toHaveLength(1);
  });

  it('should be retryable when an update times out, saying it may have been published all the same', async () => {
    const created = await client.createIncident(declared());
    const impatient = new StatuspageClient({
      apiUrl: statuspage.apiUrl,
      apiKey: API_KEY,
      pageId: PAGE_ID,
      timeoutMs: 50,
    });
    statuspage.injectFault({ operation: UPDATE, kind: 'slow', delayMs: 300, times: 1 });
    const error = await failure(
      impatient.updateIncident(created.id, {
        status: 'monitoring',
        body: 'A fix is out.',
        components: {},
        deliverNotifications: true,
      }),
    );

    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.detail).toContain('did not answer within 50 ms');
    expect(error.detail).toContain(`the update may have been published all the same, so read incident ${created.id}`);
    await statuspage.idle();
    expect((await client.getIncident(created.id)).status).toBe('monitoring');
  });

  it('should be retryable when Statuspage is down, and never put the key in a detail', async () => {
    statuspage.injectFault({ operation: '*', kind: 'down' });
    const error = await failure(client.getIncident('abc123def456'));
    expect(error).toMatchObject({ status: undefined, retryable: true });
    expect(error.detail).toMatch(/^No answer from Statuspage at 127\.0\.0\.1:\d+ \(/);
    expect(error.detail).not.toContain(API_KEY);
  });
});
