/**
 * The CSV export: one row per timeline entry, RFC 4180 quoting, a header row, CRLF line ends.
 *
 * Golden file: test/golden/timeline.csv, compared byte for byte. After an intended change, rewrite it with
 *   UPDATE_GOLDEN=1 npx vitest run test/export
 * and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, toCsv } from '../../src/export/csv.js';
import type { Timeline } from '../../src/export/model.js';
import { buildTimeline } from '../../src/export/timeline.js';
import {
  CHANGE_NOW,
  CHANGED_INCIDENT,
  COMMS_INCIDENT,
  COMMS_NOW,
  COMMS_TEMPLATES,
  COMMS_TIME_ZONE,
  DANA,
  expectGolden,
  LEE,
  logBuilder,
  NOW,
  PEOPLE,
  RAJ,
  SEEDED_INCIDENT,
  TIME_ZONE,
  templates,
  utc,
} from './fixtures.js';

const seeded: Timeline = buildTimeline(SEEDED_INCIDENT, templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE });

/** Splits CSV into records the RFC 4180 way (a quoted field may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return records;
}

describe('the CSV export', () => {
  it('should match the golden file for the seeded incident', () => {
    expectGolden('timeline.csv', toCsv(seeded));
  });

  it('should have a header row, then one row per entry, every line ending in CRLF', () => {
    const csv = toCsv(seeded);
    expect(
      csv.startsWith('seq,at_utc,at_local,t_plus,recorded_at_utc,actor,actor_name,kind,type,text,audience\r\n'),
    ).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const records = parseCsv(csv);
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(seeded.entries.length + 1);
    for (const record of records) expect(record).toHaveLength(CSV_COLUMNS.length);
  });

  it('should give both clocks, T+ and the actor with a name only when it is known', () => {
    const records = parseCsv(toCsv(seeded));
    expect(records[1]).toEqual([
      '12',
      '2026-10-24T21:38:10.000Z',
      '2026-10-24T23:38:10.000+02:00',
      'T-00:06',
      '2026-10-24T22:05:02.000Z',
      'U0RAJ0002',
      'Raj',
      'pin',
      'MessagePinned',
      'Pinned message from U0KIM0006: Deploying payments-api 2026.10.24-3 (4f2a1c) to prod, ETA 5 min',
      '',
    ]);
    const reopened = records.find((r) => r[8] === 'IncidentReopened');
    expect(reopened?.slice(1, 4)).toEqual(['2026-10-25T01:30:00.000Z', '2026-10-25T02:30:00.000+01:00', 'T+03:45']);
    const system = records.find((r) => r[8] === 'ChannelCreated');
    expect(system?.slice(5, 7)).toEqual(['warroom', '']);
  });

  it('should quote a text with a comma, quotes and a line break, and nothing else', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField(42)).toBe('42');
    expect(csvField('rolled back, "mostly"\nwatching')).toBe('"rolled back, ""mostly""\nwatching"');
    expect(csvField('a\rb')).toBe('"a\rb"');

    const log = logBuilder('INC-7');
    const t0 = utc('2026-03-10T09:00:00Z');
    log.add('IncidentDeclared', { title: 'Search is slow', severity: 'sev3', private: false }, t0, DANA);
    log.add('NoteAdded', { text: 'Cache hit rate 12%, "normal" is 90%\nFlushing it' }, t0 + 60_000, DANA);
    const csv = toCsv(buildTimeline(log.events, templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE }));
    expect(csv.split('\r\n')[2]).toBe(
      '2,2026-03-10T09:01:00.000Z,2026-03-10T10:01:00.000+01:00,T+00:01,2026-03-10T09:01:00.035Z,U0DANA001,Dana,note,NoteAdded,"Note: Cache hit rate 12%, ""normal"" is 90%\nFlushing it",',
    );
    expect(parseCsv(csv)[2]?.[9]).toBe('Note: Cache hit rate 12%, "normal" is 90%\nFlushing it');
  });

  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
  ])('should make a cell typed as %j plain text to a spreadsheet, with a leading quote', (typed, field) => {
    expect(csvField(typed)).toBe(field);
  });

  it("should neutralise a formula in a person's name, and leave ordinary notes, seq and T- as they were", () => {
    const log = logBuilder('INC-7');
    const t0 = utc('2026-03-10T09:00:00Z');
    log.add('IncidentDeclared', { title: 'Search is slow', severity: 'sev3', private: false }, t0, DANA);
    log.add('ImpactStarted', { startedAt: t0 + 5 * 60_000 }, t0 + 60_000, DANA);
    log.add('NoteAdded', { text: 'Error rate -2% after the flush, =normal again' }, t0 + 2 * 60_000, RAJ);
    log.add('NoteAdded', { text: 'Watching the cache' }, t0 + 3 * 60_000, LEE);
    const people = { ...PEOPLE, [RAJ]: '=HYPERLINK("http://evil","Raj")', [LEE]: '@Lee' };
    const records = parseCsv(toCsv(buildTimeline(log.events, templates, { timeZone: TIME_ZONE, now: NOW, people })));
    expect(records[3]?.slice(3)).toEqual([
      'T-00:03',
      '2026-03-10T09:02:00.035Z',
      RAJ,
      `'=HYPERLINK("http://evil","Raj")`,
      'note',
      'NoteAdded',
      'Note: Error rate -2% after the flush, =normal again',
      '',
    ]);
    expect(records[4]?.slice(0, 1)).toEqual(['4']);
    expect(records[4]?.slice(6)).toEqual(["'@Lee", 'note', 'NoteAdded', 'Note: Watching the cache', '']);
  });
});

describe('what changed, in the CSV export', () => {
  it('should carry the suspects, rollbacks and deploys as rows of kind change, in the same columns', () => {
    const timeline = buildTimeline(CHANGED_INCIDENT, templates, {
      timeZone: TIME_ZONE,
      now: CHANGE_NOW,
      people: PEOPLE,
    });
    const records = parseCsv(toCsv(timeline));
    const changes = records.filter((r) => r[7] === 'change');

    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(changes.map((r) => r[8])).toEqual([
      'SuspectNamed',
      'SuspectNamed',
      'DeployLanded',
      'RollbackRequested',
      'RollbackFailed',
      'RollbackRequested',
      'RollbackDispatched',
      'DeployLanded',
      'RollbackDeployed',
      'DeployLanded',
    ]);
    expect(changes[1]?.slice(1, 4)).toEqual(['2026-11-28T22:16:10.000Z', '2026-11-28T23:16:10.000+01:00', 'T+00:09']);
    expect(changes[1]?.[9]).toBe(
      'Suspect named by Raj: payments-api 2026.11.28-3 (4f2a1c9) by dana-gh; before it: 2026.11.28-2',
    );
    expect(changes[2]?.[9]).toBe('Deploy went live: web 5.2.0 (c0ffee1) by lee-gh (during the deploy freeze)');
    expect(changes[7]?.[9]).toBe('Deploy went live: payments-api 2026.11.28-2 (9e8d7c6) (the rollback)');
  });
});

describe('audiences, in the CSV export', () => {
  const comms = toCsv(
    buildTimeline(COMMS_INCIDENT, COMMS_TEMPLATES, { timeZone: COMMS_TIME_ZONE, now: COMMS_NOW, people: PEOPLE }),
  );

  it('should match the golden file for an incident that told customers things', () => {
    expectGolden('timeline-customers.csv', comms);
  });

  it('should add the audience as the last column, after every column it had before', () => {
    expect(CSV_COLUMNS).toEqual([
      'seq',
      'at_utc',
      'at_local',
      't_plus',
      'recorded_at_utc',
      'actor',
      'actor_name',
      'kind',
      'type',
      'text',
      'audience',
    ]);
  });

  it('should give every update its audience, customers to every publish, and leave the rest empty', () => {
    const records = parseCsv(comms).slice(1);
    expect(records.filter((r) => r[8] === 'UpdatePosted').map((r) => r[10])).toEqual([
      'internal',
      'customers',
      'internal',
      'internal',
    ]);
    expect(records.filter((r) => r[7] === 'statuspage').map((r) => [r[8], r[10]])).toEqual([
      ['StatusPagePublishRequested', 'customers'],
      ['StatusPagePublished', 'customers'],
      ['StatusPagePublishRequested', 'customers'],
      ['StatusPagePublishFailed', 'customers'],
      ['StatusPagePublishRequested', 'customers'],
      ['StatusPagePublished', 'customers'],
    ]);
    const others = records.filter((r) => r[7] !== 'update' && r[7] !== 'statuspage');
    expect(others.length).toBeGreaterThan(5);
    for (const record of others) expect(record[10]).toBe('');
  });

  it('should give every update of the seeded incident, which has no audiences, internal', () => {
    const records = parseCsv(toCsv(seeded)).slice(1);
    expect(records.filter((r) => r[8] === 'UpdatePosted').map((r) => r[10])).toEqual([
      'internal',
      'internal',
      'internal',
      'internal',
    ]);
  });
});
