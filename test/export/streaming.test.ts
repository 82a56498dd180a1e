/**
 * @module test/export/streaming — every export rendered a chunk at a time is the export rendered whole, and the
 * timeline folded a chunk of the log at a time is the timeline built from the whole log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import { CHUNK_CHARS, gathered } from '../../src/export/chunks.js';
import { EXPORT_FORMATS, POSTMORTEM_TEMPLATE, renderExport, renderExportChunks } from '../../src/export/index.js';
import { postmortemView, renderMarkdownChunks } from '../../src/export/markdown.js';
import type { Timeline } from '../../src/export/model.js';
import { templateChunks } from '../../src/export/mustache-chunks.js';
import { buildTimeline, type TimelineOptions, timelineFold } from '../../src/export/timeline.js';
import type { RecordedEvent } from '../../src/incident/events.js';
import type { Templates } from '../../src/templates/index.js';
import {
  CHANGE_NOW,
  CHANGED_INCIDENT,
  COMMS_INCIDENT,
  COMMS_NOW,
  COMMS_TEMPLATES,
  COMMS_TIME_ZONE,
  DANA,
  HOSTILE_DEPLOY_INCIDENT,
  logBuilder,
  NOW,
  PEOPLE,
  RAJ,
  SEEDED_INCIDENT,
  TIME_ZONE,
  templates,
} from './fixtures.js';

/** The seeded incident, then `notes` more notes (some hostile, some on several lines) over the next days. */
function longIncident(notes: number): RecordedEvent[] {
  const log = logBuilder();
  for (const e of SEEDED_INCIDENT) log.add(e.type, e.data as never, e.at, e.actor, e.recordedAt);
  const last = SEEDED_INCIDENT.at(-1)?.at ?? NOW;
  for (let i = 0; i < notes; i += 1) {
    const text = i % 7 === 0 ? `| <b>${i}</b> & "quoted"\n# not a heading, =1+1` : `Still watching checkout, note ${i}`;
    log.add('NoteAdded', { text }, last + i * 97_000, i % 2 === 0 ? DANA : RAJ);
  }
  return log.events;
}

const CASES: [string, readonly RecordedEvent[], Templates, TimelineOptions][] = [
  ['the seeded incident', SEEDED_INCIDENT, templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE }],
  ['an incident with a suspect and rollbacks', CHANGED_INCIDENT, templates, { timeZone: TIME_ZONE, now: CHANGE_NOW }],
  ['hostile deploy texts', HOSTILE_DEPLOY_INCIDENT, templates, { timeZone: TIME_ZONE, now: CHANGE_NOW }],
  [
    'an incident that told customers',
    COMMS_INCIDENT,
    COMMS_TEMPLATES,
    { timeZone: COMMS_TIME_ZONE, now: COMMS_NOW, people: PEOPLE },
  ],
  ['a declare alone, still open', SEEDED_INCIDENT.slice(0, 1), templates, { timeZone: 'UTC', now: NOW }],
  ['a long incident', longIncident(3000), templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE }],
];

describe('exports a chunk at a time', () => {
  describe.each(CASES)('%s', (_name, events, rules, options) => {
    const timeline = buildTimeline(events, rules, options);

    it.each(EXPORT_FORMATS)('should give, joined, exactly what renderExport gives in %s', (format) => {
      const chunks = [...renderExportChunks(timeline, format, rules.dir)];
      expect(chunks.join('')).toBe(renderExport(timeline, format, rules.dir));
      expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
      // Every chunk but the last is at least CHUNK_CHARS long; no chunk holds much more than one piece past it.
      expect(chunks.slice(0, -1).every((chunk) => chunk.length >= CHUNK_CHARS)).toBe(true);
    });
  });

  it('should write a long export in many chunks, rendered only as they are taken', () => {
    const timeline = buildTimeline(longIncident(3000), templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE });
    for (const format of EXPORT_FORMATS) {
      const chunks = renderExportChunks(timeline, format, templates.dir)[Symbol.iterator]();
      const first = chunks.next();
      expect(first.done).toBe(false);
      let count = 1;
      while (!chunks.next().done) count += 1;
      expect(count, format).toBeGreaterThan(2);
    }
  });

  it('should render the Markdown as Mustache renders the whole view, for a template that uses its lists elsewhere', () => {
    const timeline = buildTimeline(SEEDED_INCIDENT, templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE });
    const shipped = readFileSync(join(templates.dir, POSTMORTEM_TEMPLATE), 'utf8');
    // The lists inverted, nested in another section and counted, besides their own sections.
    const custom = `${shipped}\n{{^rows}}no rows{{/rows}}{{#incident}}{{#notes}}* {{text}}\n{{/notes}}{{/incident}}{{rows.length}}\n`;
    for (const template of [shipped, custom]) {
      const whole = Mustache.render(template, postmortemView(timeline), undefined, { escape: (text: string) => text });
      expect([...renderMarkdownChunks(timeline, template)].join('')).toBe(whole);
    }
  });
});

describe('templateChunks', () => {
  const rows = [{ n: 1 }, { n: 2, rows: [{ n: 'inner' }] }];
  const view = {
    x: '!',
    flag: true,
    none: false,
    own: { rows: [{ n: 'own' }] },
    shout: () => (text: string) => text.toUpperCase(),
  };
  /** templateChunks with `list` given as a list, joined, beside Mustache.render of the view with it in (no escaping). */
  const bothWays = (template: string, name: string, list: unknown[]) => ({
    chunked: [...templateChunks(template, view, { [name]: () => list })].join(''),
    whole: Mustache.render(template, { ...view, [name]: list }, undefined, { escape: (text: string) => text }),
  });
  it.each([
    'a{{x}}{{#rows}}[{{n}}{{x}}]{{/rows}}{{^rows}}none{{/rows}}b',
    '{{#flag}}{{#rows}}<{{n}}>{{/rows}}{{/flag}}{{#none}}{{#rows}}never{{/rows}}{{/none}}',
    '{{#own}}{{#rows}}({{n}}){{/rows}}{{/own}}{{#rows}}{{#rows}}[{{n}}]{{/rows}}{{/rows}}',
    '{{rows.length}} {{#shout}}{{#rows}}{{n}}{{/rows}}{{/shout}} {{#x}}{{.}}{{/x}}',
  ])('should render %j as Mustache renders the view with the list in it', (template) => {
    const { chunked, whole } = bothWays(template, 'rows', rows);
    expect(chunked).toBe(whole);
  });

  const items = [
    { n: 1, sub: { m: 'a', n: 'sub n' }, arr: [1, 2], zero: 0, empty: [], nul: null, str: 's', yes: true },
    { n: 0, sub: null, arr: [], zero: 0, str: '', yes: false, x: 'own x' },
    { n: '<b>&"', arr: [{ m: 'in' }, 'plain', 7], obj: { deep: { n: 'deep' } } },
    'a string item',
    42,
  ];
  it.each([
    '{{#items}}[{{n}}|{{x}}|{{&n}}|{{{str}}}|{{missing}}|{{zero}}|{{nul}}]{{/items}}',
    '{{#items}}{{#sub}}<{{m}}{{n}}{{x}}>{{/sub}}{{^sub}}no sub{{/sub}}{{#yes}}Y{{/yes}}{{^yes}}N{{/yes}};{{/items}}',
    '{{#items}}{{#arr}}({{.}}{{m}}{{n}}){{/arr}}{{^arr}}none{{/arr}}{{^empty}}E{{/empty}}{{/items}}',
    '{{#items}}{{#obj}}{{#deep}}{{n}}{{x}}{{/deep}}{{/obj}}{{.}}{{! a comment }}{{/items}}',
    '{{#items}}{{#str}}({{.}}){{/str}}{{#zero}}never{{/zero}}{{#flag}}{{n}}{{/flag}}{{/items}}',
    // Lambdas and dotted names: Mustache renders those items.
    '{{#items}}{{#shout}}{{n}}{{/shout}}{{/items}}',
    '{{#items}}{{sub.m}}{{obj.deep.n}}{{/items}}',
    '{{#items}}{{=<% %>=}}<%n%><%={{ }}=%>{{n}}{{/items}}',
  ])('should render the items of %j as Mustache renders them', (template) => {
    const { chunked, whole } = bothWays(template, 'items', items);
    expect(chunked).toBe(whole);
  });

  it('should take the items of a list one at a time, each rendered before the next is taken', () => {
    const taken: number[] = [];
    const pieces: string[] = [];
    function* items() {
      for (const n of [1, 2, 3]) {
        taken.push(n);
        yield { n };
      }
    }
    for (const piece of templateChunks('{{#rows}}<{{n}}>{{/rows}}', {}, { rows: items })) {
      pieces.push(`${piece}@${taken.length}`);
    }
    expect(pieces.join('')).toBe('<1>@1<2>@2<3>@3');
  });
});

describe('gathered', () => {
  it('should gather pieces in order into chunks of at least the size, leaving nothing empty', () => {
    expect([...gathered(['a', 'bc', '', 'd', 'efg', 'h'], 3)]).toEqual(['abc', 'defg', 'h']);
    expect([...gathered([], 3)]).toEqual([]);
    expect([...gathered(['', ''], 3)]).toEqual([]);
  });
});

describe('the timeline folded a chunk of the log at a time', () => {
  it.each(CASES)('should be the timeline built from the whole log, for %s', (_name, events, rules, options) => {
    const fold = timelineFold(rules, options);
    for (let i = 0; i < events.length; i += 7) fold.add(events.slice(i, i + 7));
    const folded: Timeline = fold.finish();
    const built = buildTimeline(events, rules, options);
    expect(folded).toEqual(built);
  });

  it('should refuse to finish a log with no events', () => {
    expect(() => timelineFold(templates, { timeZone: 'UTC', now: NOW }).finish()).toThrow(/the log is empty/);
  });
});
