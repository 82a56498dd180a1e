/**
 * The JSON export: versioned, validated against its zod schema, documented field by field.
 *
 * Golden file: test/golden/timeline.json, compared byte for byte. After an intended change, rewrite it with
 *   UPDATE_GOLDEN=1 npx vitest run test/export
 * and review the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  TIMELINE_JSON_SCHEMA_VERSION,
  TIMELINE_JSON_VERSION,
  timelineJsonSchema,
  toJson,
} from '../../src/export/json.js';
import type { Timeline } from '../../src/export/model.js';
import { buildTimeline } from '../../src/export/timeline.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import {
  CHANGE_NOW,
  CHANGED_INCIDENT,
  COMMS_INCIDENT,
  COMMS_NOW,
  COMMS_TEMPLATES,
  COMMS_TIME_ZONE,
  DANA,
  expectGolden,
  HOSTILE_DEPLOY,
  HOSTILE_DEPLOY_INCIDENT,
  HOSTILE_PUBLISH,
  HOSTILE_PUBLISH_INCIDENT,
  LEE,
  NOW,
  PEOPLE,
  RAJ,
  SEEDED_INCIDENT,
  TIME_ZONE,
  templates,
} from './fixtures.js';

const options = { timeZone: TIME_ZONE, now: NOW, people: PEOPLE };
const seeded: Timeline = buildTimeline(SEEDED_INCIDENT, templates, options);
const changeOptions = { ...options, now: CHANGE_NOW };
const changed: Timeline = buildTimeline(CHANGED_INCIDENT, templates, changeOptions);
const commsOptions = { timeZone: COMMS_TIME_ZONE, now: COMMS_NOW, people: PEOPLE };
const comms: Timeline = buildTimeline(COMMS_INCIDENT, COMMS_TEMPLATES, commsOptions);

const { metrics: metricsV3, updates: updatesV3 } = timelineJsonSchema.shape;
/**
 * A reader written for v1: the v1 fields with their v1 types, checked closely, and whatever else is there (at the top
 * level, in `metrics`, in each update) ignored, as docs/timeline-json.md asks readers to.
 */
const v1Reader = timelineJsonSchema
  .omit({ schema_version: true, change: true, customersTold: true })
  .extend({
    metrics: metricsV3.omit({ timeToFirstExternalMs: true, firstExternalFrom: true, durations: true }).strip(),
    updates: z.array(updatesV3.element.omit({ audience: true }).strip()),
  })
  .strip();

/** A document as v1 wrote it: without what schema 2 and 3 added. */
function asV1(document: Record<string, unknown> & { metrics: object; updates: object[] }): Record<string, unknown> {
  const { schema_version: _version, change: _change, customersTold: _told, ...v1 } = document;
  const {
    timeToFirstExternalMs: _ms,
    firstExternalFrom: _from,
    durations: _durations,
    ...metrics
  } = document.metrics as Record<string, unknown>;
  const updates = document.updates.map((u) => {
    const { audience: _audience, ...update } = u as Record<string, unknown>;
    return update;
  });
  return { ...v1, metrics, updates };
}
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Every property name in a JSON Schema, however deep. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) propertyNames(item, into);
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object') {
        for (const name of Object.keys(value)) into.add(name);
      }
      propertyNames(value, into);
    }
  }
  return into;
}

describe('the JSON export', () => {
  it('should match the golden file for the seeded incident', () => {
    expectGolden('timeline.json', toJson(seeded));
  });

  it('should match the golden file for an incident with suspects, rollbacks and deploys during it', () => {
    expectGolden('timeline-change.json', toJson(changed));
  });

  it('should carry its version, the display time zone, and every time as ISO 8601 UTC', () => {
    const document = JSON.parse(toJson(seeded));
    expect(TIMELINE_JSON_VERSION).toBe(1);
    expect(TIMELINE_JSON_SCHEMA_VERSION).toBe(3);
    expect(document).toMatchObject({
      version: 1,
      schema_version: 3,
      timeZone: 'Europe/Madrid',
      generatedAt: '2026-10-26T09:00:00.000Z',
    });
    expect(document.metrics).toMatchObject({ startedAt: '2026-10-24T21:45:00.000Z', timeToIdentifyMs: 1_440_000 });
    expect(document.incident.resolvedAt).toBe('2026-10-25T02:15:00.000Z');
    for (const entry of document.entries) {
      expect(entry.at).toMatch(ISO_UTC);
      expect(entry.recordedAt).toMatch(ISO_UTC);
    }
    expect(timelineJsonSchema.parse(document)).toEqual(document);
  });

  it('should stay readable by a v1 reader, with every v1 field as it was', () => {
    for (const timeline of [seeded, changed, comms]) {
      const document = JSON.parse(toJson(timeline));
      const read = v1Reader.parse(document);
      expect(read.version).toBe(1);
      expect(read).toEqual(asV1(document));
    }
    expect(asV1(JSON.parse(toJson(comms))).metrics).toHaveProperty('timeToFirstCommunicationMs', 180_000);
  });

  it('should say explicitly that nothing changed when warroom saw no suspect, rollback or deploy', () => {
    expect(JSON.parse(toJson(seeded)).change).toEqual({
      suspects: [],
      suspectToImpactMs: null,
      suspectToDeclareMs: null,
      rollbacks: [],
      deploysDuring: [],
    });
  });

  it('should carry the suspects in order, how long before the impact and the declare, rollbacks and deploys', () => {
    const { change, entries } = JSON.parse(toJson(changed));
    expect(
      change.suspects.map((s: { namedBy: string; deploy: { version: string } }) => [s.namedBy, s.deploy.version]),
    ).toEqual([
      [RAJ, '7.1.0'],
      [RAJ, '2026.11.28-3'],
    ]);
    expect(change.suspects[1]).toMatchObject({
      namedAt: '2026-11-28T22:16:10.000Z',
      deploy: { at: '2026-11-28T21:58:00.000Z', commit: '4f2a1c9e0b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39', source: 'github' },
      target: { version: '2026.11.28-2' },
    });
    expect(change).toMatchObject({ suspectToImpactMs: 540_000, suspectToDeclareMs: 840_000 });
    expect(change.rollbacks).toMatchObject([
      {
        status: 'failed',
        requestedBy: RAJ,
        requestedAt: '2026-11-28T22:20:00.000Z',
        failedAt: '2026-11-28T22:20:40.000Z',
        failure: { system: 'github', error: 'workflow rollback.yml not found on main (HTTP 404)' },
        dispatchedAt: null,
        deployedAt: null,
      },
      {
        status: 'deployed',
        requestedBy: DANA,
        driver: 'webhook',
        dispatchedAt: '2026-11-28T22:24:05.000Z',
        remote: 'req-5521',
        deployedAt: '2026-11-28T22:29:40.000Z',
        failedAt: null,
        failure: null,
      },
    ]);
    expect(
      change.deploysDuring.map((d: { frozen: boolean; rollbackId: string | null }) => [d.frozen, d.rollbackId]),
    ).toEqual([
      [true, null],
      [true, 'rb-inc-51-second'],
      [false, null],
    ]);
    expect(entries.filter((e: { kind: string }) => e.kind === 'change')).toHaveLength(10);
  });

  it('should carry deploy fields as the deploy system sent them, unlinked and unescaped, for the reader to check', () => {
    const { change } = JSON.parse(toJson(buildTimeline(HOSTILE_DEPLOY_INCIDENT, templates, changeOptions)));
    expect(change.suspects[0].deploy).toMatchObject(HOSTILE_DEPLOY);
    expect(change.suspectToImpactMs).toBeNull();
    expect(change.rollbacks[0]).toMatchObject({ url: 'javascript:alert(4)', status: 'failed' });
  });

  it('should match the golden file for an incident that told customers things', () => {
    expectGolden('timeline-customers.json', toJson(comms));
  });

  it('should list what customers were told, in order, and say nothing was when nothing was', () => {
    expect(JSON.parse(toJson(seeded)).customersTold).toEqual([]);
    const { customersTold } = JSON.parse(toJson(comms));
    expect(customersTold.map((m: { via: string; at: string; outcome?: string }) => [m.via, m.at, m.outcome])).toEqual([
      ['slack', '2026-12-01T14:11:00.000Z', undefined],
      ['status-page', '2026-12-01T14:13:20.000Z', 'published'],
      ['status-page', '2026-12-01T14:40:05.000Z', 'refused'],
      ['status-page', '2026-12-01T15:02:15.000Z', 'published'],
    ]);
    expect(customersTold[0]).toEqual({
      via: 'slack',
      at: '2026-12-01T14:11:00.000Z',
      by: LEE,
      draft: 'customer-notice',
      text: 'Some card payments in the EU fail at checkout. We are working on it and will update you by 09:40.',
    });
    expect(customersTold[1]).toMatchObject({
      requestedAt: '2026-12-01T14:13:00.000Z',
      requestedBy: LEE,
      components: [
        { componentId: 'k7f2m9x1pq3r', service: 'payments-api', status: 'major_outage' },
        { componentId: 'w4n8b2c6d0ty', service: null, status: 'degraded_performance' },
      ],
      notify: true,
      statuspageIncidentId: 'p31zjtct2jer',
      url: 'https://status.example.com/incidents/p31zjtct2jer',
      error: null,
    });
    expect(customersTold[2]).toMatchObject({ error: 'Statuspage answered 422: components is invalid', url: null });
  });

  it('should keep the v1 durations with their v1 meaning beside the key durations and their definitions', () => {
    const { metrics } = JSON.parse(toJson(seeded));
    // v1: the first move to Mitigating (the rollback started) and to Monitoring; the postmortem's mitigate is later.
    expect(metrics).toMatchObject({ timeToMitigateMs: 27 * 60_000, timeToRollbackMs: 55 * 60_000 });
    expect(metrics.durations.mitigate).toEqual({
      ms: 55 * 60_000,
      countsFrom: 'impact',
      from: '2026-10-24T21:45:00.000Z',
      to: '2026-10-24T22:40:00.000Z',
      milestone: 'monitoring',
      definition:
        'impact start → impact ended, by the first move to Monitoring (no recovery was recorded on the key metric)',
    });
    expect(metrics.durations.detect).toMatchObject({
      ms: 7 * 60_000,
      from: '2026-10-24T21:45:00.000Z',
      to: '2026-10-24T21:52:00.000Z',
    });
    expect(metrics.durations.acknowledge).toMatchObject({ ms: 0, countsFrom: 'declare', milestone: 'declare' });
    expect(JSON.parse(toJson(comms)).metrics.durations.detect).toEqual({
      ms: null,
      countsFrom: 'impact',
      from: null,
      to: null,
      milestone: null,
      definition: 'impact start → declare: impact start not recorded',
    });
  });

  it('should carry the first external communication, where it came from, and the first communication as it was', () => {
    expect(JSON.parse(toJson(comms)).metrics).toMatchObject({
      timeToFirstCommunicationMs: 180_000,
      timeToFirstExternalMs: 500_000,
      firstExternalFrom: 'status-page',
    });
    expect(JSON.parse(toJson(seeded)).metrics).toMatchObject({
      timeToFirstCommunicationMs: 975_000,
      timeToFirstExternalMs: null,
      firstExternalFrom: null,
    });
  });

  it('should give every update its audience, internal when it was posted without one', () => {
    expect(JSON.parse(toJson(comms)).updates.map((u: { audience: string }) => u.audience)).toEqual([
      'internal',
      'customers',
      'internal',
      'internal',
    ]);
    const seededUpdates = JSON.parse(toJson(seeded)).updates;
    expect(seededUpdates).toHaveLength(4);
    for (const update of seededUpdates) expect(update.audience).toBe('internal');
  });

  it('should carry hostile publish texts and links as sent, unlinked and unescaped, for the reader to check', () => {
    const { customersTold } = JSON.parse(
      toJson(buildTimeline(HOSTILE_PUBLISH_INCIDENT, COMMS_TEMPLATES, commsOptions)),
    );
    expect(customersTold[0]).toMatchObject({
      via: 'slack',
      draft: HOSTILE_PUBLISH.draft,
      text: HOSTILE_PUBLISH.update,
    });
    expect(customersTold[1]).toMatchObject({
      name: HOSTILE_PUBLISH.name,
      body: HOSTILE_PUBLISH.body,
      url: HOSTILE_PUBLISH.url,
      components: [{ componentId: HOSTILE_PUBLISH.component, service: null }],
    });
    expect(customersTold[2]).toMatchObject({ outcome: 'refused', error: HOSTILE_PUBLISH.error });
  });

  it('should refuse to write a document that does not match its schema', () => {
    const broken = { ...seeded, metrics: { ...seeded.metrics, timeToIdentifyMs: 1.5 } };
    expect(() => toJson(broken)).toThrow(z.ZodError);
  });

  it('should refuse to write a list item that does not match its schema, with the issue of the item', () => {
    const entries = seeded.entries.map((e, i) => (i === 3 ? { ...e, text: 42 as unknown as string } : e));
    const refused = (() => {
      try {
        toJson({ ...seeded, entries });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(z.ZodError);
    expect((refused as z.ZodError).issues[0]).toMatchObject({ path: [3, 'text'], code: 'invalid_type' });
  });

  it('should leave out of the JSON a field the model gains before the schema has it', () => {
    const grown = { ...seeded, incident: { ...seeded.incident, colour: 'red' } } as Timeline;
    expect(JSON.parse(toJson(grown)).incident).not.toHaveProperty('colour');
  });

  it('should document every field of the schema in docs/timeline-json.md', () => {
    const docs = readFileSync(join(PROJECT_ROOT, 'docs', 'timeline-json.md'), 'utf8');
    const names = [...propertyNames(z.toJSONSchema(timelineJsonSchema))];
    expect(names.length).toBeGreaterThan(80);
    expect(docs).toContain('### Changes from v1');
    const undocumented = names.filter((name) => !docs.includes(`\`${name}\``) && !docs.includes(`.${name}\``));
    expect(undocumented).toEqual([]);
  });
});
