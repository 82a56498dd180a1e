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
import { TIMELINE_JSON_VERSION, timelineJsonSchema, toJson } from '../../src/export/json.js';
import type { Timeline } from '../../src/export/model.js';
import { buildTimeline } from '../../src/export/timeline.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { expectGolden, NOW, PEOPLE, SEEDED_INCIDENT, TIME_ZONE, templates } from './fixtures.js';

const seeded: Timeline = buildTimeline(SEEDED_INCIDENT, templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE });
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

  it('should carry its version, the display time zone, and every time as ISO 8601 UTC', () => {
    const document = JSON.parse(toJson(seeded));
    expect(TIMELINE_JSON_VERSION).toBe(1);
    expect(document).toMatchObject({ version: 1, timeZone: 'Europe/Madrid', generatedAt: '2026-10-26T09:00:00.000Z' });
    expect(document.metrics).toMatchObject({ startedAt: '2026-10-24T21:45:00.000Z', timeToIdentifyMs: 1_440_000 });
    expect(document.incident.resolvedAt).toBe('2026-10-25T02:15:00.000Z');
    for (const entry of document.entries) {
      expect(entry.at).toMatch(ISO_UTC);
      expect(entry.recordedAt).toMatch(ISO_UTC);
    }
    expect(timelineJsonSchema.parse(document)).toEqual(document);
  });

  it('should refuse to write a document that does not match its schema', () => {
    const broken = { ...seeded, metrics: { ...seeded.metrics, timeToIdentifyMs: 1.5 } };
    expect(() => toJson(broken)).toThrow(z.ZodError);
  });

  it('should leave out of the JSON a field the model gains before the schema has it', () => {
    const grown = { ...seeded, incident: { ...seeded.incident, colour: 'red' } } as Timeline;
    expect(JSON.parse(toJson(grown)).incident).not.toHaveProperty('colour');
  });

  it('should document every field of the schema in docs/timeline-json.md', () => {
    const docs = readFileSync(join(PROJECT_ROOT, 'docs', 'timeline-json.md'), 'utf8');
    const names = [...propertyNames(z.toJSONSchema(timelineJsonSchema))];
    expect(names.length).toBeGreaterThan(50);
    const undocumented = names.filter((name) => !docs.includes(`\`${name}\``) && !docs.includes(`.${name}\``));
    expect(undocumented).toEqual([]);
  });
});
