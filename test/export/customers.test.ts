/**
 * The customer part of the timeline: every status-page publish and what became of it, every update for customers
 * posted in Slack, and how long it took to tell customers first. INC-73 (COMMS_INCIDENT) is in fixtures.ts.
 */
import { describe, expect, it } from 'vitest';
import { audienceOf } from '../../src/export/customers.js';
import { buildTimeline } from '../../src/export/timeline.js';
import type { RecordedEvent } from '../../src/incident/events.js';
import {
  CHECKOUT_COMPONENT,
  COMMS_INCIDENT,
  COMMS_NOW,
  COMMS_TEMPLATES,
  COMMS_TIME_ZONE,
  DANA,
  dec1,
  LEE,
  logBuilder,
  NOW,
  PAYMENTS_COMPONENT,
  PEOPLE,
  SEEDED_INCIDENT,
  STATUS_PAGE_URL,
  TIME_ZONE,
  templates,
} from './fixtures.js';

const options = { timeZone: COMMS_TIME_ZONE, now: COMMS_NOW, people: PEOPLE };
const comms = buildTimeline(COMMS_INCIDENT, COMMS_TEMPLATES, options);
const DECLARED = dec1('14:05');
const STATUS_PAGE_EVENTS = new Set(['StatusPagePublishRequested', 'StatusPagePublished', 'StatusPagePublishFailed']);

/** INC-73's log without what `drop` matches, seq renumbered as a log of its own would be. */
function without(drop: (event: RecordedEvent) => boolean): RecordedEvent[] {
  return COMMS_INCIDENT.filter((e) => !drop(e)).map((e, i) => ({ ...e, seq: i + 1 }));
}

describe('what customers were told', () => {
  it('should list the customer notice and every publish in the order customers saw them, and no internal update', () => {
    expect(comms.customersTold.map((m) => [m.via, m.at, m.via === 'status-page' ? m.outcome : m.draft])).toEqual([
      ['slack', dec1('14:11'), 'customer-notice'],
      ['status-page', dec1('14:13:20'), 'published'],
      ['status-page', dec1('14:40:05'), 'refused'],
      ['status-page', dec1('15:02:15'), 'published'],
    ]);
    const texts = comms.customersTold.map((m) => (m.via === 'slack' ? m.text : m.body));
    for (const update of comms.updates.filter((u) => u.audience === 'internal'))
      expect(texts).not.toContain(update.text);
    expect(comms.updates.filter((u) => u.audience === 'internal')).toHaveLength(3);
  });

  it('should show what Statuspage took and when, and link it', () => {
    const [, first, , last] = comms.customersTold;
    expect(first).toEqual({
      via: 'status-page',
      publishId: 'sp-inc-73-first',
      outcome: 'published',
      at: dec1('14:13:20'),
      requestedAt: dec1('14:13'),
      requestedBy: LEE,
      name: 'Card payments failing in the EU',
      status: 'investigating',
      components: [
        { componentId: PAYMENTS_COMPONENT, service: 'payments-api', status: 'major_outage' },
        { componentId: CHECKOUT_COMPONENT, service: null, status: 'degraded_performance' },
      ],
      body: 'We are investigating failed card payments for customers in the EU.',
      notify: true,
      statuspageIncidentId: 'p31zjtct2jer',
      url: STATUS_PAGE_URL,
      error: null,
    });
    expect(last).toMatchObject({
      status: 'resolved',
      components: [
        { componentId: PAYMENTS_COMPONENT, status: 'operational' },
        { componentId: CHECKOUT_COMPONENT, status: 'operational' },
      ],
    });
  });

  it("should keep a refused publish as asked for, with Statuspage's message and no link", () => {
    expect(comms.customersTold[2]).toMatchObject({
      outcome: 'refused',
      at: dec1('14:40:05'),
      requestedAt: dec1('14:40'),
      status: 'monitoring',
      body: 'A fix is in place and we are monitoring the results.',
      notify: false,
      url: null,
      statuspageIncidentId: null,
      error: 'Statuspage answered 422: components is invalid',
    });
  });

  it('should list a publish Statuspage never answered as asked for, at the time it was asked', () => {
    const unanswered = buildTimeline(
      without((e) => e.type === 'StatusPagePublished' && e.data.publishId === 'sp-inc-73-third'),
      COMMS_TEMPLATES,
      options,
    );
    expect(unanswered.customersTold.at(-1)).toMatchObject({ outcome: 'requested', at: dec1('15:02'), url: null });
  });

  it('should name a component by its service only where the exporter has a catalog that names it', () => {
    const bare = buildTimeline(COMMS_INCIDENT, templates, options);
    const first = bare.customersTold[1];
    expect(first?.via === 'status-page' && first.components.map((c) => c.service)).toEqual([null, null]);
    const published = (t: typeof comms) => t.entries.find((e) => e.type === 'StatusPagePublished')?.text;
    expect(published(comms)).toBe(
      `Published on the status page (investigating, major outage on payments-api, degraded performance on ${CHECKOUT_COMPONENT}): ${STATUS_PAGE_URL}`,
    );
    expect(published(bare)).toContain(`major outage on ${PAYMENTS_COMPONENT}`);
  });

  it('should be empty for an incident that told customers nothing', () => {
    expect(
      buildTimeline(SEEDED_INCIDENT, templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE }).customersTold,
    ).toEqual([]);
  });
});

describe('the time to first external communication', () => {
  it('should count to the first publish Statuspage took, even after a customer notice posted in Slack', () => {
    expect(comms.metrics).toMatchObject({
      startedFrom: 'declare',
      timeToFirstExternalMs: dec1('14:13:20') - DECLARED,
      firstExternalFrom: 'status-page',
    });
  });

  it('should keep the first communication as it was: the first update posted, internal or not', () => {
    expect(comms.metrics.timeToFirstCommunicationMs).toBe(dec1('14:08') - DECLARED);
  });

  it('should fall back to the customer notice posted in Slack when nothing was published, and say so', () => {
    const refusedOnly = buildTimeline(
      without((e) => e.type === 'StatusPagePublished'),
      COMMS_TEMPLATES,
      options,
    );
    const nothingAsked = buildTimeline(
      without((e) => STATUS_PAGE_EVENTS.has(e.type)),
      COMMS_TEMPLATES,
      options,
    );
    for (const timeline of [refusedOnly, nothingAsked]) {
      expect(timeline.metrics).toMatchObject({
        timeToFirstExternalMs: dec1('14:11') - DECLARED,
        firstExternalFrom: 'slack-draft',
      });
    }
  });

  it('should be null, from nowhere, when customers were told nothing', () => {
    const internalOnly = buildTimeline(
      without((e) => STATUS_PAGE_EVENTS.has(e.type) || (e.type === 'UpdatePosted' && e.data.audience === 'customers')),
      COMMS_TEMPLATES,
      options,
    );
    expect(internalOnly.metrics).toMatchObject({ timeToFirstExternalMs: null, firstExternalFrom: null });
    expect(internalOnly.customersTold).toEqual([]);
  });

  it('should take an update from a customer draft, recorded before updates had an audience, as one for customers', () => {
    const log = logBuilder('INC-7');
    const t0 = dec1('10:00');
    log.add('IncidentDeclared', { title: 'Search is slow', severity: 'sev3', private: false }, t0, DANA);
    log.add('UpdatePosted', { text: 'Looking into it' }, t0 + 60_000, LEE);
    log.add('UpdatePosted', { text: 'Search is slow for some of you', draft: 'status-page' }, t0 + 4 * 60_000, LEE);
    log.add('UpdatePosted', { text: 'Cache flushed', draft: 'internal-update' }, t0 + 5 * 60_000, LEE);
    const timeline = buildTimeline(log.events, templates, options);
    expect(timeline.metrics).toMatchObject({ timeToFirstExternalMs: 4 * 60_000, firstExternalFrom: 'slack-draft' });
    expect(timeline.updates.map((u) => u.audience)).toEqual(['internal', 'customers', 'internal']);
    expect(timeline.customersTold).toEqual([
      { via: 'slack', at: t0 + 4 * 60_000, by: LEE, draft: 'status-page', text: 'Search is slow for some of you' },
    ]);
  });

  it.each([
    [{ text: 'x', audience: 'internal', draft: 'customer-notice' }, 'internal'],
    [{ text: 'x', audience: 'customers' }, 'customers'],
    [{ text: 'x', draft: 'customer-notice' }, 'customers'],
    [{ text: 'x', draft: 'internal-update' }, 'internal'],
    [{ text: 'x' }, 'internal'],
  ] as const)('should take %j to be for %s', (update, audience) => {
    expect(audienceOf(update)).toBe(audience);
  });
});

describe('audiences in the timeline entries', () => {
  it('should give every update its audience, every status-page entry customers, and nothing else one', () => {
    const byType = comms.entries.map((e) => [e.type, e.audience]);
    expect(byType.filter(([type]) => type === 'UpdatePosted').map(([, a]) => a)).toEqual([
      'internal',
      'customers',
      'internal',
      'internal',
    ]);
    for (const [type, audience] of byType) {
      if (STATUS_PAGE_EVENTS.has(type as string)) expect(audience).toBe('customers');
      else if (type !== 'UpdatePosted') expect(audience).toBeNull();
    }
  });
});
