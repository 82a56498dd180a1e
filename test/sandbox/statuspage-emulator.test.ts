import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BODY_MAX,
  COMPONENT_STATUSES,
  IMPACTS,
  INCIDENT_STATUSES,
  LIST_LIMIT_MAX,
  NAME_MAX,
} from '../../src/sandbox/statuspage/contract.js';
import { StatuspageEmulator, type StatuspageEmulatorOptions } from '../../src/sandbox/statuspage/emulator.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const SPEC = JSON.parse(
  readFileSync(new URL('../fixtures/contracts/statuspage/openapi-v1.json', import.meta.url), 'utf8'),
) as { info: { description: string }; components: { schemas: Record<string, SpecSchema> } };
interface SpecSchema {
  properties?: Record<string, SpecSchema>;
  enum?: string[];
  description?: string;
  required?: string[];
}
const schema = (name: string) => SPEC.components.schemas[name] as SpecSchema;
const createFields = schema('postPagesPageIdIncidents').properties?.incident as SpecSchema;

const API_KEY = 'b0d1e5c0ffee4ca7b0d1e5c0ffee4ca7b0d1e5c0ffee4ca7b0d1e5c0ffee4ca7';
const PAGE_ID = 'wrrm0pagetst';
const CHECKOUT = 'chk0ut000001';
const PAYMENTS = 'paym3nts0001';

let statuspage: StatuspageEmulator | undefined;

async function setUp(options: Partial<StatuspageEmulatorOptions> = {}) {
  statuspage = await StatuspageEmulator.start({
    apiKey: API_KEY,
    pageId: PAGE_ID,
    components: [
      { id: CHECKOUT, name: 'Checkout' },
      { id: PAYMENTS, name: 'Payments' },
    ],
    ...options,
  });
  return statuspage;
}

afterEach(async () => {
  await statuspage?.stop();
  statuspage = undefined;
});

interface Sent {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the emulator's JSON, inspected field by field in each test
  json: any;
  headers: Headers;
}

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Sent> {
  const hasBody = body !== undefined;
  const response = await fetch(`${statuspage?.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `OAuth ${API_KEY}`,
      ...(hasBody && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(hasBody ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const incidents = `/pages/${PAGE_ID}/incidents`;

// ── tests ──────────────────────────────────────────────────────────────────────────────────────────
describe('the Statuspage emulator', () => {
  it('should hold the enums and limits of openapi-v1.json', () => {
    expect(createFields.properties?.status?.enum).toEqual([...INCIDENT_STATUSES]);
    expect(createFields.properties?.impact_override?.enum).toEqual([...IMPACTS]);
    expect(schema('Component').properties?.status?.enum).toEqual([...COMPONENT_STATUSES]);
    expect(Object.values(createFields.properties?.components?.properties ?? {})[0]?.enum).toEqual([
      ...COMPONENT_STATUSES,
    ]);
    expect(createFields.required).toEqual(['name']);
    expect(createFields.properties?.name?.description).toContain(`maximum limit of ${NAME_MAX} characters`);
    expect(createFields.properties?.body?.description).toContain(`maximum limit of ${BODY_MAX.toString()}`);
    expect(SPEC.info.description).toContain('1 request / second as measured on a 60 second rolling window');
    expect(SPEC.info.description).toContain('Error codes 420 or 429');
    expect(LIST_LIMIT_MAX).toBe(100);
  });

  it('should create an incident, add an update on the same incident with a PATCH, and resolve it with resolved_at and the components as asked', async () => {
    await setUp();
    const created = await api('POST', incidents, {
      incident: {
        name: 'Checkout is failing',
        status: 'investigating',
        body: 'We are looking into failed checkouts.',
        components: { [CHECKOUT]: 'major_outage' },
        deliver_notifications: false,
      },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(id).toMatch(/^[a-z0-9]{12}$/);
    expect(created.json).toMatchObject({
      name: 'Checkout is failing',
      status: 'investigating',
      impact: 'critical',
      page_id: PAGE_ID,
      resolved_at: null,
      shortlink: expect.stringMatching(/^https:\/\/stspg\.io\/\w+$/),
      components: [{ id: CHECKOUT, status: 'major_outage' }],
    });
    expect(created.json.incident_updates).toHaveLength(1);
    expect(created.json.incident_updates[0]).toMatchObject({
      incident_id: id,
      status: 'investigating',
      body: 'We are looking into failed checkouts.',
      deliver_notifications: false,
      affected_components: [
        { code: CHECKOUT, name: 'Checkout', old_status: 'operational', new_status: 'major_outage' },
      ],
    });

    const identified = await api('PATCH', `${incidents}/${id}`, {
      incident: { status: 'identified', body: 'A bad deploy; rolling back.' },
    });
    expect(identified.status).toBe(200);
    expect(identified.json.id).toBe(id);
    expect(identified.json.incident_updates.map((u: { status: string }) => u.status)).toEqual([
      'identified',
      'investigating',
    ]);

    const resolved = await api('PATCH', `${incidents}/${id}`, {
      incident: { status: 'resolved', body: 'Checkout works again.', components: { [CHECKOUT]: 'operational' } },
    });
    expect(resolved.json.status).toBe('resolved');
    expect(Date.parse(resolved.json.resolved_at)).toBeGreaterThanOrEqual(Date.parse(created.json.created_at));
    expect(resolved.json.incident_updates[0].affected_components).toEqual([
      { code: CHECKOUT, name: 'Checkout', old_status: 'major_outage', new_status: 'operational' },
    ]);
    expect((await api('GET', `/pages/${PAGE_ID}/components/${CHECKOUT}`)).json.status).toBe('operational');
    expect((await api('GET', `${incidents}/${id}`)).json.incident_updates).toHaveLength(3);
    expect(statuspage?.incidents).toHaveLength(1);
  });

  it('should keep the metadata marker and return it in GET, the list and unresolved, so a client can find its incident', async () => {
    await setUp();
    await api('POST', incidents, { incident: { name: 'Someone else', metadata: { other: { id: 'x' } } } });
    const marker = { warroom: { incident_id: 'INC-42', key: 'k-1' } };
    const created = await api('POST', incidents, { incident: { name: 'Ours', metadata: marker } });
    expect(created.json.metadata).toEqual(marker);

    const unresolved = await api('GET', `${incidents}/unresolved`);
    const ours = unresolved.json.filter(
      (i: { metadata: typeof marker }) => i.metadata?.warroom?.incident_id === 'INC-42',
    );
    expect(ours.map((i: { id: string }) => i.id)).toEqual([created.json.id]);
    expect((await api('GET', incidents)).json[0].metadata).toEqual(marker);
    expect((await api('GET', `${incidents}/${created.json.id}`)).json.metadata).toEqual(marker);

    await api('PATCH', `${incidents}/${created.json.id}`, { incident: { metadata: { jira: { issue: 'OPS-1' } } } });
    expect((await api('GET', `${incidents}/${created.json.id}`)).json.metadata).toEqual({
      ...marker,
      jira: { issue: 'OPS-1' },
    });
    await api('PATCH', `${incidents}/${created.json.id}`, { incident: { status: 'resolved' } });
    const stillOpen = (await api('GET', `${incidents}/unresolved`)).json;
    expect(stillOpen.map((i: { name: string }) => i.name)).toEqual(['Someone else']);
  });

  it('should refuse an unknown component with 422 and the spec ErrorEntity shape, changing nothing', async () => {
    await setUp();
    const answer = await api('POST', incidents, {
      incident: { name: 'Checkout down', components: { nosuchcompnt: 'major_outage', [CHECKOUT]: 'major_outage' } },
    });
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.json)).toEqual(Object.keys(schema('ErrorEntity').properties ?? {}));
    expect(answer.json.message).toEqual(expect.stringContaining('nosuchcompnt'));
    expect(statuspage?.incidents).toHaveLength(0);
    expect(statuspage?.component(CHECKOUT).status).toBe('operational');
    const ids = await api('POST', incidents, { incident: { name: 'x', component_ids: ['nosuchcompnt'] } });
    expect(ids.status).toBe(422);
  });

  it.each([
    [{ incident: { body: 'no name' } }, 422, "Name can't be blank"],
    [{ incident: { name: 'x'.repeat(256) } }, 422, 'Name is too long (maximum is 255 characters)'],
    [{ incident: { name: 'x', status: 'broken' } }, 422, 'is not included in the list'],
    [{ incident: { name: 'x', impact_override: 'huge' } }, 422, 'is not included in the list'],
    [{ incident: { name: 'x', components: { [CHECKOUT]: 'on_fire' } } }, 422, 'is not included in the list'],
    [{ incident: { name: 'x', metadata: { warroom: 'flat' } } }, 422, 'must be an object'],
    [{ incident: { name: 'x', deliver_notifications: 'yes' } }, 422, 'must be true or false'],
    [{ incident: { name: 'x', status: 'scheduled' } }, 422, 'scheduled maintenance'],
    [{ name: 'no incident wrapper' }, 400, 'param is missing or the value is empty: incident'],
  ])('should refuse the create body %j with %i', async (body, status, message) => {
    await setUp();
    const answer = await api('POST', incidents, body);
    expect(answer.status).toBe(status);
    expect(answer.json).toEqual({ message: expect.stringContaining(message) });
  });

  it('should answer 401 "Could not authenticate" without the key or with a wrong one, and take ?api_key=', async () => {
    await setUp();
    const none = await fetch(`${statuspage?.apiUrl}${incidents}`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ message: 'Could not authenticate' });
    expect((await api('GET', incidents, undefined, { authorization: 'OAuth wrong' })).status).toBe(401);
    expect((await api('GET', incidents, undefined, { authorization: `Bearer ${API_KEY}` })).status).toBe(401);
    const byQuery = await fetch(`${statuspage?.apiUrl}${incidents}?api_key=${API_KEY}`);
    expect(byQuery.status).toBe(200);
    expect(statuspage?.calls.map((c) => c.auth)).toEqual([
      { source: 'none', valid: false },
      { source: 'header', scheme: 'OAuth', valid: false },
      { source: 'header', scheme: 'Bearer', valid: false },
      { source: 'query', valid: true },
    ]);
    expect(statuspage?.calls.at(-1)?.query).toEqual({ api_key: '[redacted]' });
    expect(JSON.stringify(statuspage?.calls)).not.toContain(API_KEY);
  });

  it('should leave exactly one incident when the connection is cut after the create, for a client that looks before retrying', async () => {
    await setUp();
    statuspage?.injectFault({ operation: 'postPagesPageIdIncidents', kind: 'crash-after', times: 1 });
    const marker = { warroom: { incident_id: 'INC-7' } };
    await expect(api('POST', incidents, { incident: { name: 'Checkout down', metadata: marker } })).rejects.toThrow();
    expect(statuspage?.calls.at(-1)).toMatchObject({ operation: 'postPagesPageIdIncidents', crashed: true });

    const open = (await api('GET', `${incidents}/unresolved`)).json;
    const found = open.find((i: { metadata: typeof marker }) => i.metadata?.warroom?.incident_id === 'INC-7');
    expect(found).toBeDefined();
    if (!found) await api('POST', incidents, { incident: { name: 'Checkout down', metadata: marker } });
    expect(statuspage?.incidents).toHaveLength(1);
  });

  it('should take form-encoded bodies and refuse a body its Content-Type does not describe', async () => {
    await setUp();
    const form = new URLSearchParams({
      'incident[name]': 'Payments slow',
      'incident[status]': 'identified',
      [`incident[components][${PAYMENTS}]`]: 'degraded_performance',
      'incident[component_ids][]': CHECKOUT,
      'incident[metadata][warroom][incident_id]': 'INC-9',
      'incident[deliver_notifications]': 'false',
    }).toString();
    const created = await api('POST', incidents, form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'Payments slow',
      status: 'identified',
      impact: 'minor',
      metadata: { warroom: { incident_id: 'INC-9' } },
      components: [{ id: CHECKOUT }, { id: PAYMENTS, status: 'degraded_performance' }],
    });
    expect(created.json.incident_updates[0].deliver_notifications).toBe(false);
    expect(statuspage?.calls.at(-1)).toMatchObject({ encoding: 'form', body: { incident: { name: 'Payments slow' } } });

    const jsonAsForm = await api('POST', incidents, JSON.stringify({ incident: { name: 'x' } }), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(jsonAsForm.status).toBe(400);
    const formAsJson = await api('POST', incidents, 'incident[name]=x', { 'content-type': 'application/json' });
    expect(formAsJson.status).toBe(400);
    const text = await api('POST', incidents, 'incident[name]=x', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(statuspage?.incidents).toHaveLength(1);
  });

  it('should answer 404 for an unknown incident, component or page, and PATCH a component', async () => {
    await setUp();
    expect(await api('GET', `${incidents}/nosuchincdnt`)).toMatchObject({
      status: 404,
      json: { message: 'The requested resource could not be found.' },
    });
    expect((await api('PATCH', `${incidents}/nosuchincdnt`, { incident: { status: 'resolved' } })).status).toBe(404);
    expect((await api('GET', '/pages/otherpage123/incidents')).status).toBe(404);
    expect((await api('GET', `/pages/${PAGE_ID}/components/nosuchcompnt`)).status).toBe(404);
    const patched = await api('PATCH', `/pages/${PAGE_ID}/components/${PAYMENTS}`, {
      component: { status: 'partial_outage' },
    });
    expect(patched).toMatchObject({ status: 200, json: { id: PAYMENTS, status: 'partial_outage' } });
    expect(
      (await api('PATCH', `/pages/${PAGE_ID}/components/${PAYMENTS}`, { component: { status: 'x' } })).status,
    ).toBe(422);
    const list = await api('GET', `/pages/${PAGE_ID}/components.json`);
    expect(list.json.map((c: { id: string }) => c.id)).toEqual([CHECKOUT, PAYMENTS]);
  });

  it('should answer only with fields the spec schemas name', async () => {
    await setUp();
    const created = await api('POST', incidents, {
      incident: { name: 'x', body: 'y', components: { [CHECKOUT]: 'partial_outage' } },
    });
    const names = (name: string) => Object.keys(schema(name).properties ?? {});
    expect(names('Incident')).toEqual(expect.arrayContaining(Object.keys(created.json)));
    expect(names('IncidentUpdate')).toEqual(expect.arrayContaining(Object.keys(created.json.incident_updates[0])));
    expect(names('Component')).toEqual(expect.arrayContaining(Object.keys(created.json.components[0])));
  });

  it('should allow a burst of 60 calls in a rolling minute when the rate limit is on, then refuse with 429 and Retry-After', async () => {
    let now = Date.parse('2025-06-01T12:00:00Z');
    await setUp({ now: () => now });
    for (let i = 0; i < 70; i += 1) expect((await api('GET', incidents)).status).toBe(200);
    statuspage?.setRateLimit(true);
    for (let i = 0; i < 60; i += 1) {
      expect((await api('GET', incidents)).status).toBe(200);
      now += 100;
    }
    const refused = await api('GET', incidents);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('54');
    expect(refused.json).toEqual({ message: 'Rate limit exceeded' });
    now += 54_000;
    expect((await api('GET', incidents)).status).toBe(200);
    statuspage?.setRateLimit({ requests: 1, status: 420 });
    await api('GET', incidents);
    expect((await api('GET', incidents)).status).toBe(420);
  });

  it('should answer 5xx or 429 for the next N calls, slowly, or not at all, when told to', async () => {
    await setUp();
    statuspage?.injectFault({ operation: 'postPagesPageIdIncidents', kind: 'server-error', status: 503, times: 1 });
    statuspage?.injectFault({ operation: 'postPagesPageIdIncidents', kind: 'rate-limited', retryAfter: 3, times: 2 });
    const body = { incident: { name: 'x' } };
    expect((await api('POST', incidents, body)).status).toBe(503);
    const limited = await api('POST', incidents, body);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await api('POST', incidents, body)).status).toBe(429);
    expect(statuspage?.incidents).toHaveLength(0);
    expect((await api('POST', incidents, body)).status).toBe(201);

    statuspage?.injectFault({ operation: '*', kind: 'slow', delayMs: 150, times: 1 });
    const started = performance.now();
    expect((await api('GET', incidents)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    statuspage?.injectFault({ operation: 'getPagesPageIdIncidents', kind: 'down', times: 1 });
    await expect(api('GET', incidents)).rejects.toThrow();
    statuspage?.setDown(true);
    await expect(api('GET', `${incidents}/unresolved`)).rejects.toThrow();
    statuspage?.setDown(false);
    expect(statuspage?.calls.map((c) => c.fault).filter(Boolean)).toEqual([
      'server-error',
      'rate-limited',
      'rate-limited',
      'slow',
      'down',
    ]);
  });
});
