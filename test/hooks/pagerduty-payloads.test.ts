import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PagerDutyWebhook, parsePagerDutyWebhook } from '../../src/hooks/pagerduty-payloads.js';
import { verifyPagerDutySignature } from '../../src/hooks/pagerduty-signature.js';
import { PagerDutyAccount } from '../../src/sandbox/pagerduty/account.js';
import { IncidentBook } from '../../src/sandbox/pagerduty/incidents.js';
import { signatureHeader } from '../../src/sandbox/pagerduty/signature.js';
import { webhookEnvelope } from '../../src/sandbox/pagerduty/webhook-payload.js';

const CONTRACTS = new URL('../fixtures/contracts/pagerduty/', import.meta.url);
const raw = (path: string) => readFileSync(new URL(path, CONTRACTS));
const captured = (file: string) => raw(`webhook-v3-captured/${file}`);
const vector = JSON.parse(raw('webhook-v3-signature-test-vector.json').toString('utf8'));
const manifest = JSON.parse(captured('manifest.json').toString('utf8')) as {
  secret: string;
  files: { event_type: string; file: string; 'X-PagerDuty-Signature': string }[];
  negative_case: { file: string; 'X-PagerDuty-Signature': string };
};
const v1 = (secret: string, body: Buffer) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
const json = (body: Buffer | string | object) =>
  Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);

function parsed(body: Buffer | string | object): PagerDutyWebhook {
  const result = parsePagerDutyWebhook(json(body));
  if (!result.ok) throw new Error(`expected the body to parse: ${result.problem}`);
  return result.webhook;
}
const problemOf = (body: Buffer | string | object) => {
  const result = parsePagerDutyWebhook(json(body));
  return result.ok ? `parsed as ${result.webhook.kind}` : result.problem;
};
/** The captured incident.triggered body as an object, `change` applied to its event. */
// biome-ignore lint/suspicious/noExplicitAny: the captured JSON, changed field by field in each test
const triggered = (change: (event: Record<string, any>) => unknown = () => {}) => {
  const body = JSON.parse(captured('incident_triggered.body.json').toString('utf8'));
  change(body.event);
  return body;
};

describe('verifyPagerDutySignature', () => {
  const body = Buffer.from(vector.body, 'utf8');
  const header: string = vector.expected_header['X-PagerDuty-Signature'];
  const verify = (given: string | undefined, secrets: string | string[] = vector.secret, signed = body) =>
    verifyPagerDutySignature(signed, given, secrets);

  it('should accept the go-pagerduty test vector and refuse its negative case', () => {
    expect(verify(header)).toBe(true);
    expect(verify(vector.negative_case['X-PagerDuty-Signature'])).toBe(false);
  });

  it.each(manifest.files)('should accept the captured $event_type with its manifest signature', (entry) => {
    expect(verify(entry['X-PagerDuty-Signature'], manifest.secret, captured(entry.file))).toBe(true);
    expect(verify(entry['X-PagerDuty-Signature'], [manifest.secret], captured(entry.file))).toBe(true);
  });

  it("should refuse the manifest's negative case", () => {
    const { file, 'X-PagerDuty-Signature': wrong } = manifest.negative_case;
    expect(verify(wrong, manifest.secret, captured(file))).toBe(false);
  });

  it('should accept two v1 entries when only the second matches, and one of several secrets', () => {
    expect(verify(`${v1('the-old-secret', body)},${header}`)).toBe(true);
    expect(verify(`${v1('the-old-secret', body)}, ${header}`)).toBe(true);
    expect(verify(`v1=abc,v2=${'0'.repeat(64)},${header}`)).toBe(true);
    expect(verify(header, ['the-old-secret', vector.secret])).toBe(true);
    expect(verify(`v1=${header.slice(3).toUpperCase()}`)).toBe(true);
  });

  it('should refuse the body changed by one byte, or with a newline added', () => {
    const changed = Buffer.from(body);
    changed[10] = (changed[10] ?? 0) ^ 1;
    expect(verify(header, vector.secret, changed)).toBe(false);
    expect(verify(header, vector.secret, Buffer.concat([body, Buffer.from('\n')]))).toBe(false);
  });

  it('should refuse another secret, no secret, or an empty one', () => {
    expect(verify(header, `${vector.secret} `)).toBe(false);
    expect(verify(header, [])).toBe(false);
    expect(verify(v1('', body), ['', 'x'])).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['the hex without v1=', header.slice(3)],
    ['another version or case', header.replace('v1=', 'V1=')],
    ['63 hex digits', header.slice(0, -1)],
    ['65 hex digits', `${header}0`],
    ['a non-hex digit', `${header.slice(0, -1)}g`],
    ["GitHub's sha256= form", header.replace('v1=', 'sha256=')],
  ])('should refuse a header that is %s', (_what, garbled) => {
    expect(verify(garbled)).toBe(false);
  });

  it('should never throw, whatever the header', () => {
    fc.assert(fc.property(fc.string(), (garbled) => verify(garbled) === false));
  });
});

describe('parsePagerDutyWebhook: captured deliveries', () => {
  const ben = { id: 'PVE0ZR9', name: 'Ben' };
  const incident = {
    id: 'Q2CKYRLH85UNN4',
    number: 37,
    title: 'Test',
    urgency: 'low',
    htmlUrl: 'https://aldaviva.pagerduty.com/incidents/Q2CKYRLH85UNN4',
    serviceId: 'PNE3JZM',
    serviceName: 'Webhook Tester',
    incidentKey: 'dfead9d88e0649e8b7dee514b1875756',
    priority: undefined,
  };

  it.each([
    ['triggered', '01FKZSRAPTMF55RE69G8BQHGC6', [ben], '2025-04-07T03:47:13.414Z'],
    ['acknowledged', '01FKZSRAQJLP9S3OPM2VALGUPJ', [ben], '2025-04-07T03:47:13.546Z'],
    ['resolved', '01FKZSYE5HCMM576S6JUVIGLQT', [], '2025-04-07T03:49:36.358Z'],
  ])('should read the captured incident.%s as an incident', (status, eventId, assignees, at) => {
    const webhook = parsed(captured(`incident_${status}.body.json`));
    expect(webhook).toEqual({
      kind: 'incident',
      eventId,
      eventType: `incident.${status}`,
      occurredAt: Date.parse(at),
      agent: ben,
      incident: { ...incident, status, assignees },
    });
  });

  it('should read incident.annotated as the note on the incident it references, with no status or service', () => {
    const unknown = { number: undefined, urgency: undefined, incidentKey: undefined, status: undefined };
    expect(parsed(captured('incident_annotated.body.json'))).toEqual({
      kind: 'incident',
      eventId: '01FKZSYEOK0YQYTT9OZQJDS1P4',
      eventType: 'incident.annotated',
      occurredAt: Date.parse('2025-04-07T03:49:36.680Z'),
      agent: ben,
      incident: { ...incident, ...unknown, serviceId: undefined, serviceName: undefined, assignees: [] },
      note: "Resolution Note: I'm resolving it",
    });
  });

  it('should read pagey.ping as a ping', () => {
    expect(parsed(captured('pagey_ping.body.json'))).toEqual({ kind: 'ping', eventId: '01FKZOXA868SHYEE4DVNWB5P9W' });
  });

  it("should read the test vector's incident.priority_updated, which has no incident_key, with its priority", () => {
    const webhook = parsed(vector.body);
    expect(webhook).toMatchObject({ kind: 'incident', agent: { id: 'PLH1HKV', name: 'Tenex Engineer' } });
    expect(webhook).toMatchObject({
      incident: { id: 'PGR0VU2', status: 'triggered', urgency: 'high', priority: 'P1' },
    });
    expect(webhook).toMatchObject({ incident: { incidentKey: undefined } });
  });
});

describe('parsePagerDutyWebhook: other events and bad bodies', () => {
  it('should accept and ignore event types it does not read', () => {
    const service = { id: '01BRB6ZP4M6T8ZG4X6BP63ZB9O', event_type: 'service.updated', agent: null, data: {} };
    expect(parsed({ event: service })).toEqual({ kind: 'other', eventId: service.id, eventType: 'service.updated' });
    const responder = triggered((e) => {
      e.event_type = 'incident.responder.added';
      e.data = { type: 'incident_responder', incident: { id: 'Q1' } };
    });
    expect(parsed(responder)).toMatchObject({ kind: 'other', eventType: 'incident.responder.added' });
  });

  it('should read an incident event type added since, when its data is an incident', () => {
    const later = triggered((e) => (e.event_type = 'incident.something_new'));
    expect(parsed(later)).toMatchObject({ kind: 'incident', incident: { id: 'Q2CKYRLH85UNN4' } });
  });

  it('should leave out a non-user agent or a missing one, and pass fields it does not know', () => {
    const bySystem = triggered((e) => {
      e.agent = { id: 'PNE3JZM', type: 'service_reference', summary: 'Webhook Tester' };
      e.data.brand_new_field = { anything: [1, 2] };
    });
    expect(parsed(bySystem)).toMatchObject({ kind: 'incident', agent: undefined });
    expect(parsed(triggered((e) => delete e.agent))).toMatchObject({ kind: 'incident', agent: undefined });
  });

  const note = { id: 'E', event_type: 'incident.annotated', occurred_at: '2025-04-07T03:49:36Z' };
  it.each([
    ['not JSON', 'not json', 'the body is not JSON'],
    ['empty', '', 'the body is not JSON'],
    ['a list', '[]', 'the body: expected a JSON object'],
    ['without event', '{}', 'event: expected a JSON object, but it is missing'],
    ['without event.id', triggered((e) => delete e.id), 'event.id: expected a string, but it is missing'],
    [
      'without event.data.id',
      triggered((e) => delete e.data.id),
      'event.data.id: expected a string, but it is missing',
    ],
    ['without event.data', triggered((e) => delete e.data), 'event.data: expected a JSON object, but it is missing'],
    ['without the service id', triggered((e) => delete e.data.service.id), 'event.data.service.id: expected a string'],
    ['with an unknown status', triggered((e) => (e.data.status = 'snoozed')), 'event.data.status: expected one of'],
    ['with a bad time', triggered((e) => (e.occurred_at = 'yesterday')), 'event.occurred_at: expected an ISO 8601'],
    ['a note without content', { event: { ...note, data: { incident: { id: 'Q' } } } }, 'event.data.content'],
  ])('should name what is wrong with a body that is %s', (_what, body, problem) => {
    expect(problemOf(body)).toContain(problem);
  });

  it('should never throw, whatever the JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => typeof parsePagerDutyWebhook(JSON.stringify(value)) === 'object'));
  });
});

describe('parsePagerDutyWebhook: what the emulator sends', () => {
  it('should verify and read every event type the emulator builds, signed as its sender signs', () => {
    const account = new PagerDutyAccount();
    const [ada, bo] = [
      account.addUser({ id: 'PADA001', name: 'Ada', email: 'a@x.io' }),
      account.addUser({ id: 'PBOB001', name: 'Bo', email: 'b@x.io' }),
    ];
    const rules = [
      { targets: [{ type: 'user' as const, id: ada.id }] },
      { targets: [{ type: 'user' as const, id: bo.id }] },
    ];
    account.addEscalationPolicy({ id: 'PEP0001', name: 'Ops', rules });
    const service = account.addService({ id: 'PSVC001', name: 'Checkout API', escalationPolicy: 'PEP0001' }, 0);
    const sent: { body: Buffer; header: string }[] = [];
    const book = new IncidentBook(account, Date.now, (change) => {
      const body = JSON.stringify(webhookEnvelope(view, change, Date.now()));
      sent.push({ body: Buffer.from(body), header: signatureHeader(['old-secret', 'new-secret'], body) });
    });
    const view = { account, book, links: { api: 'https://api.example', web: 'https://web.example' }, timeZone: 'UTC' };
    const [byAda, byService] = [
      { type: 'user' as const, id: ada.id },
      { type: 'service' as const, id: service.id },
    ];
    const incident = book.trigger({
      service,
      title: 'Checkout errors',
      urgency: 'high',
      incidentKey: 'k-7',
      agent: byService,
    });
    book.acknowledge(incident, byAda);
    book.unacknowledge(incident, byAda);
    book.escalate(incident, byAda, 2);
    book.reassign(incident, byAda, [ada.id]);
    book.annotate(incident, ada.id, 'Rolling back');
    book.resolve(incident, byAda);
    book.reopen(incident, byAda, 'triggered');

    for (const { body, header } of sent) expect(verifyPagerDutySignature(body, header, 'new-secret')).toBe(true);
    const webhooks = sent.map(({ body }) => parsed(body));
    const seen = webhooks.map((w) => w.kind === 'incident' && [w.eventType, w.incident.status, w.agent?.name]);
    expect(seen).toEqual([
      ['incident.triggered', 'triggered', undefined], // a service_reference agent
      ['incident.acknowledged', 'acknowledged', 'Ada'],
      ['incident.unacknowledged', 'triggered', 'Ada'],
      ['incident.escalated', 'triggered', 'Ada'],
      ['incident.reassigned', 'triggered', 'Ada'],
      ['incident.annotated', undefined, 'Ada'],
      ['incident.resolved', 'resolved', 'Ada'],
      ['incident.reopened', 'triggered', 'Ada'],
    ]);
    const read = { id: incident.id, title: 'Checkout errors', serviceId: 'PSVC001', serviceName: 'Checkout API' };
    expect(webhooks[0]).toMatchObject({ incident: { ...read, number: 1, urgency: 'high', incidentKey: 'k-7' } });
    expect(webhooks[0]).toMatchObject({ incident: { assignees: [{ id: 'PADA001', name: 'Ada' }] } });
    expect(webhooks[3]).toMatchObject({ incident: { assignees: [{ id: 'PBOB001', name: 'Bo' }] } });
    expect(webhooks[5]).toMatchObject({
      note: 'Rolling back',
      incident: { id: incident.id, title: 'Checkout errors' },
    });
  });
});
