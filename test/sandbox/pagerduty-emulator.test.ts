import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PagerDutyEmulator, type PagerDutyEmulatorOptions } from '../../src/sandbox/pagerduty/emulator.js';
import { signatureHeader, signV1, verifySignature } from '../../src/sandbox/pagerduty/signature.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const CONTRACTS = new URL('../fixtures/contracts/pagerduty/', import.meta.url);
const readContract = (path: string) => readFileSync(new URL(path, CONTRACTS), 'utf8');
const REST_SPEC = JSON.parse(readContract('rest-openapiv3-extract.json')) as Record<string, unknown>;

/** The property names a schema of the REST extract allows, through `allOf` and `$ref`s. */
function specProperties(schema: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const s = node as { $ref?: string; allOf?: unknown[]; properties?: Record<string, unknown> };
    if (s.$ref) {
      let target: unknown = REST_SPEC;
      for (const part of s.$ref.replace(/^#\//, '').split('/'))
        target = (target as Record<string, unknown>)[part.replace(/~1/g, '/')];
      visit(target);
    }
    for (const sub of s.allOf ?? []) visit(sub);
    for (const name of Object.keys(s.properties ?? {})) names.add(name);
  };
  visit(schema);
  return names;
}
const schemaProps = (name: string) => specProperties({ $ref: `#/components/schemas/${name}` });

const TOKEN = 'y_NbAkKc66ryYTWUXYEu';
const USER_TOKEN = 'u+ada-personal-key0';
const SECRET = 'whsec-warroom-test-subscription-0001';
const ROUTING_KEY = 'e93facc04764012d7bfb002500d5d1a6';
const LOW_KEY = '0123456789abcdef0123456789abcdef';
const T0 = Date.parse('2025-06-02T09:00:00Z');
const HOUR = 3_600_000;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for warroom's POST /hooks/pagerduty: answers each request with the next step, then 202. */
async function startReceiver(steps: { status?: number; delayMs?: number }[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const step = steps.shift() ?? {};
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(step.status ?? 202).end();
      }, step.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/pagerduty`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let pd: PagerDutyEmulator | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
let now = T0;

async function setUp(
  options: Partial<PagerDutyEmulatorOptions> & { steps?: { status?: number; delayMs?: number }[] } = {},
) {
  now = T0;
  receiver = await startReceiver(options.steps);
  pd = await PagerDutyEmulator.start({
    token: TOKEN,
    userTokens: { [USER_TOKEN]: 'PADA001' },
    webhookSecret: SECRET,
    webhookUrl: receiver.url,
    subscriptionId: 'PSUB001',
    webhook: { retryWaitsMs: [20, 20, 20], timeoutMs: 300 },
    users: [
      { id: 'PADA001', name: 'Ada Lovelace', email: 'ada@example.com' },
      { id: 'PBOB001', name: 'Bo Diddley', email: 'bo@example.com' },
      { id: 'PCYD001', name: 'Cy Young', email: 'cy@example.com' },
    ],
    schedules: [
      {
        id: 'PSCH001',
        name: 'Checkout primary',
        shifts: [
          { user: 'PADA001', start: T0 - 12 * HOUR, end: T0 + HOUR },
          { user: 'PBOB001', start: T0 + HOUR, end: T0 + 13 * HOUR },
        ],
      },
    ],
    escalationPolicies: [
      {
        id: 'PEPCHK1',
        name: 'Checkout',
        rules: [{ targets: [{ type: 'schedule', id: 'PSCH001' }] }, { targets: [{ type: 'user', id: 'PCYD001' }] }],
      },
    ],
    services: [
      { id: 'PSVCCHK', name: 'Checkout API', escalationPolicy: 'PEPCHK1' },
      { id: 'PSVCLOW', name: 'Reports', escalationPolicy: 'PEPCHK1', urgency: 'severity_based' },
    ],
    routingKeys: { [ROUTING_KEY]: 'PSVCCHK', [LOW_KEY]: 'PSVCLOW' },
    now: () => now,
    ...options,
  });
  return { pd, receiver };
}

afterEach(async () => {
  await pd?.idle();
  expect(pd?.problems ?? []).toEqual([]);
  await pd?.stop();
  await receiver?.close();
  pd = undefined;
  receiver = undefined;
});

interface Sent {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the emulator's JSON, inspected field by field in each test
  json: any;
  headers: Headers;
}

async function send(url: string, init: RequestInit): Promise<Sent> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

function enqueue(body: unknown, headers: Record<string, string> = {}): Promise<Sent> {
  return send(`${pd?.eventsUrl}/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function rest(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Sent> {
  return send(`${pd?.restUrl}${path}`, {
    method,
    headers: {
      authorization: `Token token=${TOKEN}`,
      accept: 'application/vnd.pagerduty+json;version=2',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const trigger = (dedup_key?: string, summary = 'Checkout error rate above 5%') =>
  enqueue({
    routing_key: ROUTING_KEY,
    event_action: 'trigger',
    ...(dedup_key ? { dedup_key } : {}),
    payload: { summary, source: 'prometheus', severity: 'critical', custom_details: { rate: 0.07 } },
    client: 'warroom',
    client_url: 'https://warroom.example.com/incidents/INC-1',
    links: [{ href: 'https://grafana.example.com/d/checkout', text: 'Dashboard' }],
  });

const put = (id: string, incident: Record<string, unknown>, from?: string) =>
  rest('PUT', `/incidents/${id}`, { incident: { type: 'incident_reference', ...incident } }, from ? { from } : {});

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('the PagerDuty emulator: signatures and captured deliveries', () => {
  it('should sign the documented test vector and refuse its negative case', () => {
    const vector = JSON.parse(readContract('webhook-v3-signature-test-vector.json'));
    expect(signV1(vector.secret, vector.body)).toBe(vector.expected_header['X-PagerDuty-Signature']);
    expect(verifySignature(vector.expected_header['X-PagerDuty-Signature'], vector.body, [vector.secret])).toBe(true);
    expect(verifySignature(vector.negative_case['X-PagerDuty-Signature'], vector.body, [vector.secret])).toBe(false);
  });

  it('should verify every captured delivery body with its recorded signature, and refuse the negative case', () => {
    const manifest = JSON.parse(readContract('webhook-v3-captured/manifest.json'));
    for (const file of manifest.files) {
      const body = readFileSync(new URL(`webhook-v3-captured/${file.file}`, CONTRACTS));
      expect(signV1(manifest.secret, body), file.file).toBe(file['X-PagerDuty-Signature']);
      expect(verifySignature(file['X-PagerDuty-Signature'], body, [manifest.secret])).toBe(true);
    }
    const ping = readFileSync(new URL(`webhook-v3-captured/${manifest.negative_case.file}`, CONTRACTS));
    expect(verifySignature(manifest.negative_case['X-PagerDuty-Signature'], ping, [manifest.secret])).toBe(false);
  });

  it('should put one v1= entry per secret during a rotation, any of which verifies', () => {
    const header = signatureHeader(['old-secret', 'new-secret'], '{"event":{}}');
    expect(header.split(',')).toHaveLength(2);
    expect(verifySignature(header, '{"event":{}}', ['new-secret'])).toBe(true);
    expect(verifySignature(header, '{"event":{}}', ['old-secret'])).toBe(true);
    expect(verifySignature(header, '{"event":{"x":1}}', ['new-secret'])).toBe(false);
  });

  it('should hold copies of the captured bodies it builds webhooks from, equal to ../shared/contracts', () => {
    for (const name of ['incident_triggered.body.json', 'incident_annotated.body.json']) {
      // The copies are formatted by Biome; the signed bytes are only in ../shared, so compare the JSON.
      const copy = readFileSync(new URL(`../../src/sandbox/pagerduty/contract/${name}`, import.meta.url), 'utf8');
      expect(JSON.parse(copy), name).toEqual(JSON.parse(readContract(`webhook-v3-captured/${name}`)));
    }
  });
});

describe('the PagerDuty emulator: Events API v2', () => {
  it('should open one PagerDuty incident for two triggers with the same dedup_key, assigned to the on-call', async () => {
    await setUp();
    const first = await trigger('checkout/error-rate');
    expect(first).toMatchObject({
      status: 202,
      json: { status: 'success', message: 'Event processed', dedup_key: 'checkout/error-rate' },
    });
    expect(Object.keys(first.json)).toEqual(['status', 'message', 'dedup_key']);
    const second = await trigger('checkout/error-rate', 'Checkout error rate above 9%');
    expect(second.json.dedup_key).toBe('checkout/error-rate');
    expect(pd?.incidents).toHaveLength(1);
    expect(pd?.events.map((e) => e.outcome)).toEqual(['opened', 'deduplicated']);

    const listed = await rest('GET', '/incidents');
    expect(listed.json.incidents).toHaveLength(1);
    const incident = listed.json.incidents[0];
    expect(incident).toMatchObject({
      id: expect.stringMatching(/^P[A-Z0-9]{6}$/),
      type: 'incident',
      incident_number: 1,
      title: 'Checkout error rate above 5%',
      summary: '[#1] Checkout error rate above 5%',
      status: 'triggered',
      urgency: 'high',
      incident_key: 'checkout/error-rate',
      service: { id: 'PSVCCHK', type: 'service_reference', summary: 'Checkout API' },
      escalation_policy: { id: 'PEPCHK1', type: 'escalation_policy_reference' },
      assignments: [{ assignee: { id: 'PADA001', type: 'user_reference', summary: 'Ada Lovelace' } }],
      html_url: `https://warroom-test.pagerduty.com/incidents/${incident.id}`,
      created_at: '2025-06-02T09:00:00Z',
      alert_counts: { all: 1, triggered: 1, resolved: 0 },
    });
    expect((await rest('GET', `/incidents/${incident.id}`)).json.incident.id).toBe(incident.id);
    expect(pd?.deliveries.map((d) => d.eventType)).toEqual(['incident.triggered']);
  });

  it('should acknowledge and resolve through the Events API, drop events with no open alert, and open a new incident after a resolve', async () => {
    await setUp();
    await trigger('k1');
    const [incident] = pd?.incidents ?? [];
    expect((await enqueue({ routing_key: ROUTING_KEY, event_action: 'acknowledge', dedup_key: 'k1' })).status).toBe(
      202,
    );
    expect(incident?.status).toBe('acknowledged');
    expect((await enqueue({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'k1' })).status).toBe(202);
    expect(incident?.status).toBe('resolved');
    expect((await enqueue({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'k1' })).status).toBe(202);
    expect((await enqueue({ routing_key: ROUTING_KEY, event_action: 'acknowledge', dedup_key: 'nope' })).status).toBe(
      202,
    );
    await trigger('k1');
    expect(pd?.incidents.map((i) => i.status)).toEqual(['resolved', 'triggered']);
    expect(pd?.events.map((e) => e.outcome)).toEqual([
      'opened',
      'acknowledged',
      'resolved',
      'dropped',
      'dropped',
      'opened',
    ]);
    await pd?.idle();
    expect(pd?.deliveries.map((d) => d.eventType)).toEqual([
      'incident.triggered',
      'incident.acknowledged',
      'incident.resolved',
      'incident.triggered',
    ]);
    expect(pd?.deliveries[1]?.payload).toMatchObject({
      event: { agent: { id: 'PSVCCHK', type: 'service_reference' } },
    });
  });

  it('should generate a dedup_key when a trigger has none, so every such trigger is a new incident', async () => {
    await setUp();
    const a = await trigger();
    const b = await trigger();
    expect(a.json.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    expect(b.json.dedup_key).not.toBe(a.json.dedup_key);
    expect(pd?.incidents).toHaveLength(2);
  });

  it.each([
    [{ routing_key: ROUTING_KEY, event_action: 'acknowledge' }, "'dedup_key' is missing or blank"],
    [{ routing_key: ROUTING_KEY, event_action: 'resolve' }, "'dedup_key' is missing or blank"],
    [
      { routing_key: 'short', event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'info' } },
      "Length of 'routing_key' is incorrect (should be 32 characters)",
    ],
    [{ routing_key: ROUTING_KEY }, "'event_action' is missing or blank"],
    [{ routing_key: ROUTING_KEY, event_action: 'snooze', dedup_key: 'k' }, "'event_action' is invalid"],
    [{ routing_key: ROUTING_KEY, event_action: 'trigger' }, "'payload' is missing or blank"],
    [
      { routing_key: ROUTING_KEY, event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'fatal' } },
      "'payload.severity' is invalid",
    ],
    [
      {
        routing_key: ROUTING_KEY,
        event_action: 'trigger',
        payload: { summary: 'x'.repeat(1025), source: 'x', severity: 'info' },
      },
      "'payload.summary' is too long (maximum is 1024 characters)",
    ],
    [
      {
        routing_key: ROUTING_KEY,
        event_action: 'trigger',
        dedup_key: 'd'.repeat(256),
        payload: { summary: 's', source: 'x', severity: 'info' },
      },
      "'dedup_key' is too long (maximum is 255 characters)",
    ],
    [
      {
        routing_key: ROUTING_KEY,
        event_action: 'trigger',
        payload: { summary: 's', severity: 'info', timestamp: 'noon' },
      },
      "'payload.source' is missing or blank",
    ],
    [
      {
        routing_key: ROUTING_KEY,
        event_action: 'trigger',
        payload: { summary: 's', source: 'x', severity: 'info' },
        links: [{ text: 'no href' }],
      },
      "'links[0].href' is missing or blank",
    ],
    [
      {
        routing_key: 'f'.repeat(32),
        event_action: 'trigger',
        payload: { summary: 's', source: 'x', severity: 'info' },
      },
      'Invalid routing key',
    ],
  ])('should refuse %j with 400 invalid event: %s', async (body, error) => {
    await setUp();
    const answer = await enqueue(body);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
    expect(answer.json.errors).toEqual(expect.arrayContaining([expect.stringContaining(error)]));
    expect(pd?.incidents).toHaveLength(0);
  });

  it('should refuse a body that is not JSON, and one over 512 KB', async () => {
    await setUp();
    expect(await enqueue('{"routing_key":')).toMatchObject({
      status: 400,
      json: {
        status: 'Unrecognized object',
        message: 'Event object format is unrecognized',
        errors: ['JSON parse error'],
      },
    });
    const big = {
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      payload: { summary: 's', source: 'x', severity: 'info', custom_details: { blob: 'x'.repeat(512 * 1024) } },
    };
    expect((await enqueue(big)).status).toBe(400);
    expect((await enqueue(JSON.stringify(big).slice(0, 100), { 'content-type': 'text/plain' })).status).toBe(400);
    expect(pd?.incidents).toHaveLength(0);
  });

  it('should take urgency from the service, by severity where the service says so', async () => {
    await setUp();
    const event = (severity: string, key: string) =>
      enqueue({
        routing_key: LOW_KEY,
        event_action: 'trigger',
        dedup_key: key,
        payload: { summary: key, source: 'x', severity },
      });
    await event('warning', 'w');
    await event('error', 'e');
    expect(pd?.incidents.map((i) => i.urgency)).toEqual(['low', 'high']);
  });

  it('should answer 429 past the per-key limit when it is on, and not when it is off', async () => {
    await setUp({ eventsRateLimit: { perMinute: 3 } });
    for (let i = 0; i < 3; i += 1) expect((await trigger(`k${i}`)).status).toBe(202);
    const refused = await trigger('k3');
    expect(refused.status).toBe(429);
    expect(pd?.incidents).toHaveLength(3);
    now += 61_000;
    expect((await trigger('k4')).status).toBe(202);
    pd?.setEventsRateLimit(false);
    for (let i = 5; i < 10; i += 1) expect((await trigger(`k${i}`)).status).toBe(202);
  });

  it('should keep one incident when a trigger is done but its answer is lost, and the client sends it again', async () => {
    await setUp();
    pd?.injectFault({ operation: 'createV2Event', kind: 'crash-after', times: 1 });
    await expect(trigger('warroom/INC-7')).rejects.toThrow();
    expect(pd?.calls.at(-1)).toMatchObject({ api: 'events', operation: 'createV2Event', crashed: true });
    expect((await trigger('warroom/INC-7')).status).toBe(202);
    expect(pd?.incidents).toHaveLength(1);
    pd?.injectFault({ operation: 'createV2Event', kind: 'server-error', status: 503, times: 1 });
    expect((await trigger('warroom/INC-8')).status).toBe(503);
    expect(pd?.incidents).toHaveLength(1);
  });
});

describe('the PagerDuty emulator: REST API', () => {
  it('should show who is on call for a policy, and the next person once the clock crosses the shift boundary', async () => {
    await setUp();
    const oncalls = async (query = '') => (await rest('GET', `/oncalls?escalation_policy_ids[]=PEPCHK1${query}`)).json;
    const before = await oncalls();
    expect(before).toMatchObject({ limit: 25, offset: 0, more: false, total: null });
    expect(before.oncalls).toEqual([
      {
        user: expect.objectContaining({ id: 'PADA001', type: 'user_reference', summary: 'Ada Lovelace' }),
        schedule: expect.objectContaining({ id: 'PSCH001', type: 'schedule_reference' }),
        escalation_policy: expect.objectContaining({ id: 'PEPCHK1', type: 'escalation_policy_reference' }),
        escalation_level: 1,
        start: '2025-06-01T21:00:00Z',
        end: '2025-06-02T10:00:00Z',
      },
      expect.objectContaining({
        user: expect.objectContaining({ id: 'PCYD001' }),
        schedule: null,
        escalation_level: 2,
        start: null,
        end: null,
      }),
    ]);

    pd?.advanceClock(HOUR - 1);
    expect((await oncalls()).oncalls[0].user.id).toBe('PADA001');
    pd?.advanceClock(1);
    expect((await oncalls()).oncalls.map((o: { user: { id: string } }) => o.user.id)).toEqual(['PBOB001', 'PCYD001']);

    const range = await oncalls('&since=2025-06-02T08:00:00Z&until=2025-06-02T12:00:00Z&schedule_ids[]=PSCH001');
    expect(range.oncalls.map((o: { user: { id: string } }) => o.user.id)).toEqual(['PADA001', 'PBOB001']);
    const zoned = await oncalls('&time_zone=America/New_York&schedule_ids[]=PSCH001');
    expect(zoned.oncalls[0]).toMatchObject({ start: '2025-06-02T06:00:00-04:00', end: '2025-06-02T18:00:00-04:00' });
    const paged = await oncalls('&limit=1&total=true');
    expect(paged).toMatchObject({ limit: 1, more: true, total: 2 });
    expect((await oncalls('&since=2025-06-02T12:00:00Z&until=2025-06-02T08:00:00Z')).error.code).toBe(2005);
    expect((await oncalls('&since=yesterday')).error.code).toBe(2004);
    expect((await oncalls('&time_zone=Mars/Olympus')).error.code).toBe(2001);
  });

  it('should see a trigger assigned to whoever is on call at that moment', async () => {
    await setUp();
    pd?.setClock(T0 + 2 * HOUR);
    await trigger('after-handoff');
    expect(pd?.incidents[0]?.assignments.map((a) => a.userId)).toEqual(['PBOB001']);
  });

  it('should refuse PUT without a From header, then acknowledge and resolve as the From user with 1002 and 1001 on repeats', async () => {
    await setUp();
    await trigger('k');
    const id = pd?.incidents[0]?.id ?? '';
    const refused = await put(id, { status: 'acknowledged' });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      code: 2016,
      message: 'You must specify a user\'s email address in the "From" header to perform this action',
    });
    expect(pd?.incident(id).status).toBe('triggered');
    expect((await put(id, { status: 'acknowledged' }, 'nobody@example.com')).json.error.code).toBe(1008);

    const acked = await put(id, { status: 'acknowledged' }, 'ada@example.com');
    expect(acked.status).toBe(200);
    expect(acked.json.incident).toMatchObject({
      status: 'acknowledged',
      acknowledgements: [{ acknowledger: { id: 'PADA001', type: 'user_reference' } }],
      last_status_change_by: { id: 'PADA001' },
    });
    expect((await put(id, { status: 'acknowledged' }, 'ada@example.com')).json).toEqual({
      error: { message: 'Incident Already Acknowledged', code: 1002, errors: ['Incident Already Acknowledged'] },
    });
    const resolved = await put(id, { status: 'resolved', resolution: 'Rolled back v1.4.3' }, 'bo@example.com');
    expect(resolved.json.incident).toMatchObject({ status: 'resolved', assignments: [], acknowledgements: [] });
    expect(resolved.json.incident.resolved_at).toBe('2025-06-02T09:00:00Z');
    expect((await put(id, { status: 'resolved' }, 'bo@example.com')).json.error).toMatchObject({
      code: 1001,
      message: 'Incident Already Resolved',
    });
    expect((await put(id, { status: 'paused' }, 'bo@example.com')).json.error.code).toBe(2001);
    expect((await put('PNOPE00', { status: 'resolved' }, 'bo@example.com')).json).toEqual({
      error: { message: 'Not Found', code: 2100 },
    });
    await pd?.idle();
    expect(pd?.deliveries.map((d) => d.eventType)).toEqual([
      'incident.triggered',
      'incident.acknowledged',
      'incident.annotated',
      'incident.resolved',
    ]);
  });

  it('should unacknowledge, escalate, reassign and reopen over PUT, delivering each change', async () => {
    await setUp();
    await trigger('moves');
    const id = pd?.incidents[0]?.id ?? '';
    await put(id, { status: 'acknowledged' }, 'ada@example.com');
    expect((await put(id, { status: 'triggered' }, 'ada@example.com')).json.incident.status).toBe('triggered');
    const escalated = await put(id, { escalation_level: 2 }, 'ada@example.com');
    expect(escalated.json.incident.assignments.map((a: { assignee: { id: string } }) => a.assignee.id)).toEqual([
      'PCYD001',
    ]);
    expect((await put(id, { escalation_level: 3 }, 'ada@example.com')).json.error.code).toBe(2001);
    const reassigned = await put(
      id,
      { assignments: [{ assignee: { id: 'PBOB001', type: 'user_reference' } }] },
      'ada@example.com',
    );
    expect(reassigned.json.incident).toMatchObject({ assigned_via: 'direct_assignment' });
    await put(id, { status: 'resolved' }, 'ada@example.com');
    const reopened = await put(id, { status: 'acknowledged' }, 'bo@example.com');
    expect(reopened.json.incident).toMatchObject({ status: 'acknowledged', resolved_at: null });
    expect((await put(id, { priority: 'P1' }, 'bo@example.com')).json.error.errors).toEqual([
      'priority is not emulated by the PagerDuty emulator',
    ]);
    await pd?.idle();
    expect(pd?.deliveries.map((d) => d.eventType)).toEqual([
      'incident.triggered',
      'incident.acknowledged',
      'incident.unacknowledged',
      'incident.escalated',
      'incident.reassigned',
      'incident.resolved',
      'incident.reopened',
      'incident.acknowledged',
    ]);
    const reopenedWebhook = pd?.deliveries[6]?.payload as { event: { data: Record<string, unknown> } } | undefined;
    expect(Object.keys(reopenedWebhook?.event.data ?? {}).slice(7, 9)).toEqual(['created_at', 'reopened_at']);
  });

  it('should serve the two APIs under the prefixes it is given', async () => {
    await setUp({ eventsPrefix: '/events', restPrefix: '/api' });
    expect(pd?.eventsUrl).toMatch(/\/events$/);
    expect((await trigger('prefixed')).status).toBe(202);
    expect((await rest('GET', '/incidents')).json.incidents).toHaveLength(1);
    const bare = await send(`${pd?.baseUrl}/v2/enqueue`, { method: 'POST', body: '{}' });
    expect(bare.status).toBe(401);
  });

  it('should answer 401 without the key, 400 without the versioned Accept, and never record the key', async () => {
    await setUp();
    const none = await send(`${pd?.restUrl}/services`, {
      headers: { accept: 'application/vnd.pagerduty+json;version=2' },
    });
    expect(none).toMatchObject({ status: 401, json: { error: { message: 'Authentication failed', code: 2006 } } });
    expect((await rest('GET', '/services', undefined, { authorization: 'Token token=wrong' })).status).toBe(401);
    expect((await rest('GET', '/services', undefined, { authorization: `Bearer ${TOKEN}` })).status).toBe(401);
    expect((await rest('GET', '/services', undefined, { accept: 'application/json' })).status).toBe(400);
    expect((await rest('GET', '/nowhere')).json).toEqual({ error: { message: 'Not Found', code: 2100 } });
    expect(pd?.calls.map((c) => c.auth?.scheme)).toEqual(['none', 'token', 'bearer', 'token', 'token']);
    expect(JSON.stringify(pd?.calls)).not.toContain(TOKEN);
  });

  it('should send the ratelimit headers on every answer and 429 with the documented body past the limit', async () => {
    await setUp({ restRateLimit: { limit: 2 } });
    const first = await rest('GET', '/services');
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect(first.headers.get('ratelimit-reset')).toBe('60');
    await rest('GET', '/services');
    const refused = await rest('GET', '/services');
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({ error: { message: 'Rate Limit Exceeded', code: 2020 } });
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    now += 60_000;
    expect((await rest('GET', '/services')).status).toBe(200);
  });

  it('should list services, users and escalation policies, and answer /users/me only for a user-level key', async () => {
    await setUp();
    const services = await rest('GET', '/services?query=check&include[]=escalation_policies');
    expect(services.json.services.map((s: { id: string }) => s.id)).toEqual(['PSVCCHK']);
    expect(services.json.services[0]).toMatchObject({
      type: 'service',
      status: 'active',
      incident_urgency_rule: { type: 'constant', urgency: 'high' },
      escalation_policy: { id: 'PEPCHK1', type: 'escalation_policy', name: 'Checkout' },
    });
    expect((await rest('GET', '/services/PSVCLOW')).json.service.name).toBe('Reports');
    expect((await rest('GET', '/services/PNOPE00')).status).toBe(404);
    expect((await rest('GET', '/users/PBOB001')).json.user).toMatchObject({ email: 'bo@example.com', type: 'user' });
    expect((await rest('GET', '/users/me')).status).toBe(400);
    const me = await rest('GET', '/users/me', undefined, { authorization: `Token token=${USER_TOKEN}` });
    expect(me.json.user.id).toBe('PADA001');
    const policies = await rest('GET', '/escalation_policies?user_ids[]=PBOB001');
    expect(policies.json.escalation_policies.map((p: { id: string }) => p.id)).toEqual(['PEPCHK1']);
    expect((await rest('GET', '/escalation_policies?user_ids[]=PNOPE00')).json.escalation_policies).toEqual([]);
    expect((await rest('GET', '/services?include[]=bogus')).status).toBe(400);
  });

  it('should create an incident over REST with From, refuse a second open one with its key, and take notes', async () => {
    await setUp();
    const body = {
      incident: {
        type: 'incident',
        title: 'Checkout is down',
        service: { id: 'PSVCCHK', type: 'service_reference' },
        incident_key: 'warroom/INC-3',
        body: { type: 'incident_body', details: 'Declared in #inc-3' },
      },
    };
    expect((await rest('POST', '/incidents', body)).json.error.code).toBe(2016);
    const created = await rest('POST', '/incidents', body, { from: 'cy@example.com' });
    expect(created.status).toBe(201);
    expect(created.json.incident).toMatchObject({
      status: 'triggered',
      incident_key: 'warroom/INC-3',
      urgency: 'high',
    });
    expect((await rest('POST', '/incidents', body, { from: 'cy@example.com' })).json).toEqual({
      error: {
        message: 'Arguments Caused Error',
        code: 2002,
        errors: ['Open incident with matching dedup key already exists on this service'],
      },
    });
    const id = created.json.incident.id;
    const note = await rest(
      'POST',
      `/incidents/${id}/notes`,
      { note: { content: 'Rolling back' } },
      { from: 'ada@example.com' },
    );
    expect(note.status).toBe(200);
    expect(note.json.note).toMatchObject({ content: 'Rolling back', user: { id: 'PADA001' } });
    expect((await rest('POST', `/incidents/${id}/notes`, { note: {} }, { from: 'ada@example.com' })).status).toBe(400);
    const filtered = await rest('GET', '/incidents?statuses[]=triggered&incident_key=warroom/INC-3');
    expect(filtered.json.incidents.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await rest('GET', '/incidents?statuses[]=resolved')).json.incidents).toEqual([]);
    await pd?.idle();
    const annotated = pd?.deliveries.find((d) => d.eventType === 'incident.annotated');
    expect(annotated?.payload).toMatchObject({
      event: { data: { type: 'incident_note', content: 'Rolling back', incident: { id, type: 'incident_reference' } } },
    });
  });

  it('should answer only with fields the REST extract schemas name', async () => {
    await setUp();
    await trigger('fields');
    const id = pd?.incidents[0]?.id ?? '';
    const check = (json: Record<string, unknown>, schema: string) =>
      expect([...schemaProps(schema)]).toEqual(expect.arrayContaining(Object.keys(json)));
    check((await rest('GET', `/incidents/${id}`)).json.incident, 'Incident');
    check((await rest('GET', '/oncalls')).json.oncalls[0], 'Oncall');
    check((await rest('GET', '/services/PSVCCHK')).json.service, 'Service');
    check((await rest('GET', '/users/PADA001')).json.user, 'User');
    check((await rest('GET', '/escalation_policies')).json.escalation_policies[0], 'EscalationPolicy');
    const note = await rest('POST', `/incidents/${id}/notes`, { note: { content: 'n' } }, { from: 'ada@example.com' });
    check(note.json.note, 'IncidentNote');
    const listed = (await rest('GET', '/incidents')).json;
    const listSchema = { $ref: '#/paths/~1incidents/get/responses/200/content/application~1json/schema' };
    expect([...specProperties(listSchema)]).toEqual(expect.arrayContaining(Object.keys(listed)));
  });

  it('should answer 5xx, slowly or not at all when told to', async () => {
    await setUp();
    pd?.injectFault({ operation: 'listOnCalls', kind: 'server-error', status: 500, times: 1 });
    expect((await rest('GET', '/oncalls')).json.error.code).toBe(2000);
    pd?.injectFault({ operation: 'listOnCalls', kind: 'rate-limited', times: 1 });
    expect((await rest('GET', '/oncalls')).status).toBe(429);
    pd?.injectFault({ operation: '*', kind: 'slow', delayMs: 150, times: 1 });
    const started = performance.now();
    expect((await rest('GET', '/oncalls')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    pd?.injectFault({ operation: 'listOnCalls', kind: 'down', times: 1 });
    await expect(rest('GET', '/oncalls')).rejects.toThrow();
    pd?.setDown(true);
    await expect(rest('GET', '/oncalls')).rejects.toThrow();
    pd?.setDown(false);
    expect((await rest('GET', '/oncalls')).status).toBe(200);
  });
});

describe('the PagerDuty emulator: webhooks v3', () => {
  it('should deliver incident.triggered signed, with the v3 headers, shaped like the captured delivery', async () => {
    const { receiver } = await setUp();
    await trigger('shape');
    await pd?.idle();
    const [got] = receiver.received;
    expect(got?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'PagerDuty-Webhook/V3.0',
      'x-webhook-subscription': 'PSUB001',
      'x-webhook-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(verifySignature(got?.headers['x-pagerduty-signature'] as string, got?.body ?? '', [SECRET])).toBe(true);
    const captured = JSON.parse(readContract('webhook-v3-captured/incident_triggered.body.json'));
    const body = JSON.parse(got?.body ?? '{}');
    expect(Object.keys(body.event)).toEqual(Object.keys(captured.event));
    expect(Object.keys(body.event.data)).toEqual(Object.keys(captured.event.data));
    expect(Object.keys(body.event.data.service)).toEqual(Object.keys(captured.event.data.service));
    expect(body.event).toMatchObject({
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: '2025-06-02T09:00:00.000Z',
      client: null,
      data: {
        type: 'incident',
        status: 'triggered',
        number: 1,
        incident_key: 'shape',
        created_at: '2025-06-02T09:00:00Z',
        assignees: [{ id: 'PADA001', type: 'user_reference', summary: 'Ada Lovelace' }],
        urgency: 'high',
        incident_type: { name: 'incident_default' },
      },
    });
    expect(body.event.id).toMatch(/^01[0-9A-Z]{24}$/);
  });

  it('should retry a webhook answered 503, then timed out, with the same X-Webhook-Id and bytes, until it is delivered', async () => {
    const { receiver } = await setUp({ steps: [{ status: 503 }, { delayMs: 600 }, { status: 200 }] });
    await trigger('retry');
    await pd?.idle();
    expect(receiver.received).toHaveLength(3);
    const ids = receiver.received.map((r) => r.headers['x-webhook-id']);
    expect(new Set(ids).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const [delivery] = pd?.deliveries ?? [];
    expect(delivery?.result).toBe('delivered');
    expect(delivery?.attempts.map((a) => (a.outcome.kind === 'answered' ? a.outcome.status : 'failed'))).toEqual([
      503,
      'failed',
      200,
    ]);
    expect(delivery?.attempts.map((a) => a.waitedMs)).toEqual([20, 20, undefined]);
  });

  it('should drop a webhook answered 400 without retrying, give one up after the last retry, and redeliver the same bytes', async () => {
    const { receiver } = await setUp({
      steps: [{ status: 400 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }],
    });
    await trigger('drop');
    await pd?.idle();
    expect(pd?.deliveries[0]?.result).toBe('dropped');
    expect(receiver.received).toHaveLength(1);
    pd?.acknowledge(pd?.incidents[0]?.id ?? '', 'PBOB001');
    await pd?.idle();
    expect(pd?.deliveries[1]).toMatchObject({ eventType: 'incident.acknowledged', result: 'gave-up' });
    expect(pd?.deliveries[1]?.attempts).toHaveLength(4);
    expect(pd?.deliveries[1]?.payload).toMatchObject({ event: { agent: { id: 'PBOB001', summary: 'Bo Diddley' } } });

    const original = pd?.deliveries[0];
    const again = await pd?.redeliver(original?.webhookId ?? '');
    expect(again).toMatchObject({ redelivery: true, result: 'delivered', webhookId: original?.webhookId });
    const last = receiver.received.at(-1);
    expect(last?.body).toBe(original?.body);
    expect(last?.headers['x-webhook-id']).toBe(original?.webhookId);
  });

  it('should disable the subscription after three consecutive drops until it is enabled again', async () => {
    await setUp({ steps: [{ status: 410 }, { status: 410 }, { status: 410 }] });
    await trigger('a');
    await trigger('b');
    await trigger('c');
    await pd?.idle();
    expect(pd?.subscriptionDisabled).toBe(true);
    await trigger('d');
    await pd?.idle();
    expect(pd?.deliveries.map((d) => d.result)).toEqual(['dropped', 'dropped', 'dropped', 'disabled']);
    pd?.enableSubscription();
    await trigger('e');
    await pd?.idle();
    expect(pd?.deliveries.at(-1)?.result).toBe('delivered');
  });

  it('should sign wrongly, leave the signature out, or sign once per secret, when told to', async () => {
    const { receiver } = await setUp({ webhookSecret: ['old-secret', 'new-secret'] });
    await trigger('sig');
    await pd?.idle();
    const incident = pd?.incidents[0] ?? '';
    await pd?.deliver('incident.triggered', incident, { signature: 'wrong' });
    await pd?.deliver('incident.triggered', incident, { signature: 'none' });
    const [rotated, wrong, none] = receiver.received;
    const header = rotated?.headers['x-pagerduty-signature'] as string;
    expect(header.split(',')).toHaveLength(2);
    expect(verifySignature(header, rotated?.body ?? '', ['new-secret'])).toBe(true);
    expect(
      verifySignature(wrong?.headers['x-pagerduty-signature'] as string, wrong?.body ?? '', [
        'old-secret',
        'new-secret',
      ]),
    ).toBe(false);
    expect(none?.headers['x-pagerduty-signature']).toBeUndefined();
  });

  it('should deliver incident.resolved with no assignees after a test acknowledges and resolves', async () => {
    await setUp();
    await trigger('helpers');
    const id = pd?.incidents[0]?.id ?? '';
    pd?.acknowledge(id, 'PADA001');
    pd?.resolve(id, 'PADA001');
    await pd?.idle();
    const resolved = pd?.deliveries.find((d) => d.eventType === 'incident.resolved');
    expect(resolved?.payload).toMatchObject({ event: { data: { status: 'resolved', assignees: [] } } });
    expect(pd?.deliveries.map((d) => d.result)).toEqual(['delivered', 'delivered', 'delivered']);
  });
});
