import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectorError, isConnectorError } from '../../src/connectors/errors.js';
import { pagerDutyAnswerError } from '../../src/connectors/pagerduty/errors.js';
import { PagerDutyEvents, type PageTrigger } from '../../src/connectors/pagerduty/events.js';
import { PagerDutyRest } from '../../src/connectors/pagerduty/rest.js';
import { PagerDutyEmulator } from '../../src/sandbox/pagerduty/emulator.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const TOKEN = 'u+pd-account-key-7f3a9c21e4b8';
const ROUTING_KEY = 'e93facc04764012d7bfb002500d5d1a6';
const T0 = Date.parse('2025-06-02T09:00:00Z');
const HOUR = 3_600_000;
const PEOPLE = { PADA001: 'Ada Lovelace', PBOB001: 'Bo Diddley', PCYD001: 'Cy Young', PBEN001: 'Ben Okri' };
/** Enough people directly on one level that GET /oncalls needs two pages of 100. */
const CROWD = Array.from({ length: 130 }, (_, i): [string, string] => [`PCRW${i}`, `Crew ${i}`]);
const emailOf = (id: string) => `${id.toLowerCase()}@example.com`;
const shift = (user: string, from: number, to: number) => ({ user, start: T0 + from * HOUR, end: T0 + to * HOUR });
const user = (id: string) => ({ type: 'user' as const, id });
const schedule = (id: string) => ({ type: 'schedule' as const, id });
/** Someone the policy names directly, as onCalls lists them: no schedule, always on call. */
const direct = (userId: string, name: string, escalationLevel: number) => ({
  userId,
  name,
  email: emailOf(userId),
  escalationLevel,
  scheduleId: undefined,
  start: undefined,
  end: undefined,
});

const page = (overrides: Partial<PageTrigger> = {}): PageTrigger => ({
  routingKey: ROUTING_KEY,
  dedupKey: 'warroom/INC-42',
  summary: 'Checkout is failing',
  source: 'checkout-api',
  severity: 'critical',
  component: 'payments',
  links: [{ href: 'https://slack.example.com/archives/C042', text: 'Incident channel' }],
  customDetails: { incident: 'INC-42', commander: 'ada' },
  client: 'warroom',
  clientUrl: 'https://warroom.example.com/incidents/INC-42',
  ...overrides,
});

async function failure(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => 'no failure',
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

/** Checkout's policy: level 1 a schedule (Ada hands over to Bo at T0 + 1 h); level 2 Ben, and Cy twice
 * (directly and through a schedule), who must be listed once. Everyone's policy needs two pages. */
const ACCOUNT = {
  token: TOKEN,
  webhookSecret: 'whsec-unused-in-these-tests',
  users: [...Object.entries(PEOPLE), ...CROWD].map(([id, name]) => ({ id, name, email: emailOf(id) })),
  schedules: [
    { id: 'PSCH001', name: 'Checkout primary', shifts: [shift('PADA001', -12, 1), shift('PBOB001', 1, 13)] },
    { id: 'PSCH002', name: 'Checkout secondary', shifts: [shift('PCYD001', -24, 24)] },
  ],
  escalationPolicies: [
    {
      id: 'PEPCHK1',
      name: 'Checkout',
      rules: [{ targets: [schedule('PSCH001')] }, { targets: [user('PCYD001'), schedule('PSCH002'), user('PBEN001')] }],
    },
    { id: 'PEPBIG1', name: 'Everyone', rules: [{ targets: CROWD.map(([id]) => user(id)) }] },
  ],
  services: [{ id: 'PSVCCHK', name: 'Checkout API', escalationPolicy: 'PEPCHK1' }],
  routingKeys: { [ROUTING_KEY]: 'PSVCCHK' },
};

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('PagerDuty connector', () => {
  let pd: PagerDutyEmulator;
  let events: PagerDutyEvents;
  let rest: PagerDutyRest;

  beforeEach(async () => {
    pd = await PagerDutyEmulator.start({ ...ACCOUNT, now: () => T0 });
    events = new PagerDutyEvents({ eventsUrl: `${pd.eventsUrl}/` });
    rest = new PagerDutyRest({ apiUrl: pd.restUrl, token: TOKEN });
  });
  afterEach(async () => {
    await pd.idle();
    expect(pd.problems).toEqual([]);
    await pd.stop();
  });

  it('should page once, with the dedup key and every payload field, and open an incident assigned to the on-call', async () => {
    expect(await events.trigger(page())).toEqual({ dedupKey: 'warroom/INC-42' });

    expect(pd.events.map((e) => [e.action, e.dedupKey, e.outcome])).toEqual([['trigger', 'warroom/INC-42', 'opened']]);
    expect(pd.events[0]?.body).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'warroom/INC-42',
      payload: {
        summary: 'Checkout is failing',
        source: 'checkout-api',
        severity: 'critical',
        component: 'payments',
        custom_details: { incident: 'INC-42', commander: 'ada' },
      },
      client: 'warroom',
      client_url: 'https://warroom.example.com/incidents/INC-42',
      links: [{ href: 'https://slack.example.com/archives/C042', text: 'Incident channel' }],
    });
    const id = pd.incidents[0]?.id ?? '';
    expect(await rest.getIncident(id)).toEqual({
      id,
      status: 'triggered',
      title: 'Checkout is failing',
      urgency: 'high',
      serviceId: 'PSVCCHK',
      htmlUrl: `https://warroom-test.pagerduty.com/incidents/${id}`,
      incidentKey: 'warroom/INC-42',
      assignees: [{ userId: 'PADA001', name: 'Ada Lovelace' }],
    });
  });

  it('should join the same PagerDuty incident on a second trigger with the same dedup key, and resolve it', async () => {
    await events.trigger(page());
    await events.trigger(page({ summary: 'Checkout is still failing' }));
    expect(pd.incidents).toHaveLength(1);
    expect(pd.events.map((e) => e.outcome)).toEqual(['opened', 'deduplicated']);

    await events.resolve({ routingKey: ROUTING_KEY, dedupKey: 'warroom/INC-42' });
    expect(pd.incidents[0]?.status).toBe('resolved');
    const resolved = await rest.getIncident(pd.incidents[0]?.id ?? '');
    expect(resolved).toMatchObject({ status: 'resolved', assignees: [] });
  });

  it("should refuse an unknown routing key for good without showing it, and an invalid event quoting PagerDuty's errors", async () => {
    const unknown = '0123456789abcdef0123456789abcdef';
    const error = await failure(events.trigger(page({ routingKey: unknown })));
    expect(error).toMatchObject({ system: 'pagerduty', status: 400, retryable: false, retryAfterMs: undefined });
    expect(error.detail).toBe('PagerDuty refused the routing key: 400 Event object is invalid: Invalid routing key');
    expect(error.detail).not.toContain(unknown);
    expect(pd.incidents).toEqual([]);

    const invalid = await failure(events.trigger(page({ dedupKey: 'k'.repeat(256) })));
    expect(invalid).toMatchObject({ status: 400, retryable: false });
    expect(invalid.detail).toContain("Event object is invalid: 'dedup_key' is too long (maximum is 255 characters)");
  });

  it('should be retryable after 30 s when the Events API limits the routing key (no Retry-After)', async () => {
    pd.setEventsRateLimit({ perMinute: 1 });
    await events.trigger(page());
    const error = await failure(events.trigger(page({ dedupKey: 'warroom/INC-43' })));
    expect(error).toMatchObject({ system: 'pagerduty', status: 429, retryable: true, retryAfterMs: 30_000 });
    expect(error.detail).toBe("PagerDuty is limiting warroom's requests: 429 Request Limit Exceeded; retry in 30 s");
    expect(pd.incidents).toHaveLength(1);
  });

  it('should be retryable until ratelimit-reset when the REST API limits the token', async () => {
    pd.setRestRateLimit({ limit: 1, windowSeconds: 20 });
    await rest.onCalls('PEPCHK1');
    const error = await failure(rest.onCalls('PEPCHK1'));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 20_000 });
    expect(error.detail).toContain('Rate Limit Exceeded (code 2020); retry in 20 s');
  });

  it('should be retryable on a 503, and a retry with the same dedup key pages once', async () => {
    pd.injectFault({ operation: 'createV2Event', kind: 'server-error', status: 503, times: 1 });
    const error = await failure(events.trigger(page()));
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(error.detail).toContain('sending it again with the same dedup key pages nobody twice');
    await events.trigger(page());
    expect(pd.incidents).toHaveLength(1);
  });

  it('should be retryable with no status when PagerDuty is down or too slow', async () => {
    pd.setDown(true);
    const trigger = await failure(events.trigger(page()));
    const onCalls = await failure(rest.onCalls('PEPCHK1'));
    for (const error of [trigger, onCalls]) {
      expect(error).toMatchObject({ system: 'pagerduty', status: undefined, retryable: true });
      expect(error.detail).toMatch(/^No answer from PagerDuty at 127\.0\.0\.1:\d+ to /);
      expect(error.detail).not.toContain(ROUTING_KEY);
    }
    pd.setDown(false);
    pd.injectFault({ operation: 'getIncident', kind: 'slow', delayMs: 300, times: 1 });
    const impatient = new PagerDutyRest({ apiUrl: pd.restUrl, token: TOKEN, timeoutMs: 50 });
    const slow = await failure(impatient.getIncident('PT4KHLK'));
    expect(slow).toMatchObject({ status: undefined, retryable: true });
    expect(slow.detail).toContain('did not answer incident PT4KHLK within 50 ms');
  });

  it('should list who is on call by level then name, with emails, once each, and the incoming person after the boundary', async () => {
    expect(await rest.onCalls('PEPCHK1')).toEqual([
      { ...direct('PADA001', 'Ada Lovelace', 1), scheduleId: 'PSCH001', start: T0 - 12 * HOUR, end: T0 + HOUR },
      direct('PBEN001', 'Ben Okri', 2),
      direct('PCYD001', 'Cy Young', 2),
    ]);
    expect(pd.calls[0]?.query).toMatchObject({ 'escalation_policy_ids[]': ['PEPCHK1'], 'include[]': ['users'] });

    const atBoundary = await rest.onCalls('PEPCHK1', T0 + HOUR);
    expect(atBoundary.map((p) => `${p.escalationLevel} ${p.userId}`)).toEqual(['1 PBOB001', '2 PBEN001', '2 PCYD001']);
    expect(atBoundary[0]).toMatchObject({ email: 'pbob001@example.com', start: T0 + HOUR, end: T0 + 13 * HOUR });
    const instant = ['2025-06-02T10:00:00.000Z'];
    expect(pd.calls.at(-1)?.query).toMatchObject({ since: instant, until: instant });
    expect((await rest.onCalls('PEPCHK1', T0 + HOUR - 1))[0]?.userId).toBe('PADA001');
  });

  it('should list everyone on call when PagerDuty pages the answer', async () => {
    const everyone = await rest.onCalls('PEPBIG1');
    expect(everyone).toHaveLength(CROWD.length);
    expect(new Set(everyone.map((p) => p.userId))).toEqual(new Set(CROWD.map(([id]) => id)));
    expect(pd.calls.map((c) => c.query.offset)).toEqual([['0'], ['100']]);
  });

  it('should refuse a wrong REST token for good, without showing it, and say an incident is not there', async () => {
    const wrongToken = 'not-the-token-0123456789';
    const wrong = new PagerDutyRest({ apiUrl: pd.restUrl, token: wrongToken });
    const error = await failure(wrong.onCalls('PEPCHK1'));
    expect(error).toMatchObject({ system: 'pagerduty', status: 401, retryable: false });
    expect(error.detail).toBe("PagerDuty refused warroom's REST API token: 401 Authentication failed (code 2006)");
    expect(pd.calls[0]?.auth).toEqual({ scheme: 'token', valid: false });

    const missing = await failure(rest.getIncident('PNOPE00'));
    expect(missing).toMatchObject({ status: 404, retryable: false });
    expect(missing.detail).toBe('PagerDuty has no incident PNOPE00: 404 Not Found (code 2100)');
  });

  it('should be retryable when a 2xx cannot be read, and quote a REST 400 with its errors', async () => {
    const proxy = createServer((_req, res) => res.writeHead(202, { 'content-type': 'text/html' }).end('<p>ok</p>'));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    const error = await failure(new PagerDutyEvents({ eventsUrl: `http://127.0.0.1:${port}` }).trigger(page()));
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    expect(error).toMatchObject({ status: 202, retryable: true });
    expect(error.detail).toContain('with an answer warroom cannot read (not JSON)');

    const text = '{"error":{"message":"Invalid Input Provided","code":2001,"errors":["limit is too big"]}}';
    const bad = pagerDutyAnswerError({ status: 400, headers: {}, text }, { api: 'rest', what: 'the on-calls' });
    expect(bad).toMatchObject({ retryable: false, retryAfterMs: undefined });
    expect(bad.detail).toBe(
      'PagerDuty answered 400 to the on-calls: Invalid Input Provided (code 2001): limit is too big',
    );
  });
});
