/**
 * The Markdown postmortem and the export time formats.
 *
 * Golden file: test/golden/postmortem.md, compared byte for byte. After an intended change, rewrite it with
 *   UPDATE_GOLDEN=1 npx vitest run test/export
 * and review the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayBreaks, isoLocal, localDayKey, localTime, tPlus, utcDateTime } from '../../src/export/format.js';
import { renderHtml } from '../../src/export/html.js';
import { EXPORT_FORMATS, ExportError, type ExportFormat, renderExport } from '../../src/export/index.js';
import { blockQuote, escapeCell, escapeMarkdown, renderMarkdown } from '../../src/export/markdown.js';
import { markdownLink } from '../../src/export/markdown-escape.js';
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
  HOSTILE_DEPLOY_INCIDENT,
  HOSTILE_PUBLISH_INCIDENT,
  LEE,
  logBuilder,
  NOW,
  PEOPLE,
  PRIYA,
  RAJ,
  SEEDED_INCIDENT,
  TIME_ZONE,
  templates,
  utc,
} from './fixtures.js';

const MINUTE = 60_000;
const seeded: Timeline = buildTimeline(SEEDED_INCIDENT, templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE });
const template = readFileSync(join(templates.dir, 'postmortem.md'), 'utf8');

/** The rows of the Markdown timeline table. */
function timelineRows(markdown: string): string[] {
  const section = markdown.split('## Timeline\n')[1]?.split('\n## ')[0] ?? '';
  return section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| UTC'));
}

describe('export times', () => {
  it('should count T+ in hours and minutes from the start, and T- before it', () => {
    const start = utc('2026-10-24T21:45:00Z');
    expect(tPlus(start, start)).toBe('T+00:00');
    expect(tPlus(start + 65 * MINUTE + 59_000, start)).toBe('T+01:05');
    expect(tPlus(start + 26 * 60 * MINUTE, start)).toBe('T+26:00');
    expect(tPlus(start - 7 * MINUTE, start)).toBe('T-00:07');
    expect(tPlus(start - 6 * MINUTE - 50_000, start)).toBe('T-00:06');
    expect(tPlus(start - 30_000, start)).toBe('T-00:00');
  });

  it('should follow the DST change: the two 02:30s of the night carry their own offsets', () => {
    const summer = utc('2026-10-25T00:30:00Z');
    const winter = utc('2026-10-25T01:30:00Z');
    expect(localTime(summer, TIME_ZONE)).toBe('02:30:00 GMT+2');
    expect(localTime(winter, TIME_ZONE)).toBe('02:30:00 GMT+1');
    expect(isoLocal(summer, TIME_ZONE)).toBe('2026-10-25T02:30:00.000+02:00');
    expect(isoLocal(winter, TIME_ZONE)).toBe('2026-10-25T02:30:00.000+01:00');
    expect(utcDateTime(winter)).toBe('2026-10-25 01:30:00');
  });

  it('should change day at local midnight, whatever the offset that day', () => {
    // Midnight in Madrid is 22:00 UTC in summer time and 23:00 UTC in winter time.
    expect(localDayKey(utc('2026-10-24T21:59:59Z'), TIME_ZONE)).toBe('2026-10-24');
    expect(localDayKey(utc('2026-10-24T22:00:00Z'), TIME_ZONE)).toBe('2026-10-25');
    expect(localDayKey(utc('2026-10-25T22:59:59Z'), TIME_ZONE)).toBe('2026-10-25');
    expect(localDayKey(utc('2026-10-25T23:00:00Z'), TIME_ZONE)).toBe('2026-10-26');
  });

  it('should mark a day exactly where the display-time-zone date changes', () => {
    const times = [
      '2026-10-24T21:30:00Z', // Sat 23:30 CEST: the first day
      '2026-10-24T21:59:59Z', // Sat 23:59:59
      '2026-10-24T22:00:00Z', // Sun 00:00 CEST: a new day
      '2026-10-25T00:30:00Z', // Sun, and a new day in UTC: no row
      '2026-10-25T01:30:00Z', // Sun, after the clocks went back
      '2026-10-25T22:59:00Z', // Sun 23:59 CET
      '2026-10-25T23:00:00Z', // Mon 00:00 CET: a new day
    ].map(utc);
    expect(dayBreaks(times, TIME_ZONE)).toEqual([
      'Saturday 24 October 2026',
      null,
      'Sunday 25 October 2026',
      null,
      null,
      null,
      'Monday 26 October 2026',
    ]);
    expect(dayBreaks(times, 'UTC')).toEqual([
      'Saturday 24 October 2026',
      null,
      null,
      'Sunday 25 October 2026',
      null,
      null,
      null,
    ]);
  });
});

describe('the Markdown postmortem', () => {
  it('should match the golden file for the seeded incident', () => {
    expectGolden('postmortem.md', renderExport(seeded, 'md', templates.dir));
  });

  it('should announce the date in the timeline table exactly when the day changes in the display time zone', () => {
    const rows = timelineRows(renderMarkdown(seeded, template));
    const dayRows = rows.flatMap((row, i) => (row.startsWith('| | **') ? [[i, row] as const] : []));
    expect(dayRows.map(([, row]) => row)).toEqual([
      '| | **Saturday 24 October 2026** | | | |',
      '| | **Sunday 25 October 2026** | | | |',
    ]);
    const [[first], [second]] = dayRows as [readonly [number, string], readonly [number, string]];
    expect(first).toBe(0);
    expect(rows[second - 1]).toContain('| 23:58:40 GMT+2 |');
    expect(rows[second + 1]).toContain('| 2026-10-24 22:01:15 | 00:01:15 GMT+2 | T+00:16 | Lee |');
    expect(rows).toHaveLength(SEEDED_INCIDENT.length + 2);
  });

  it('should show T- for what happened before the impact started', () => {
    const rows = timelineRows(renderMarkdown(seeded, template));
    expect(rows[1]).toBe(
      '| 2026-10-24 21:38:10 | 23:38:10 GMT+2 | T-00:06 | Raj | Pinned message from U0KIM0006: Deploying payments-api 2026.10.24-3 (4f2a1c) to prod, ETA 5 min |',
    );
  });

  it('should keep a text with pipes and line breaks inside its table cell', () => {
    expect(escapeCell('EU|US\nnext line\r\nlast')).toBe('EU\\|US<br>next line<br>last');
    const rows = timelineRows(renderMarkdown(seeded, template));
    expect(rows.find((r) => r.includes('~40%'))).toContain('~40% of EU\\|US checkouts.<br>We suspect');
    expect(blockQuote('one\n\ntwo')).toBe('> one\n>\n> two');
  });

  it('should print "—" for a metric whose milestone never happened, never 0', () => {
    const log = logBuilder('INC-7');
    const t0 = utc('2026-03-10T09:00:00Z');
    log.add('IncidentDeclared', { title: 'Search is slow', severity: 'sev3', private: false }, t0, DANA);
    log.add('IncidentResolved', { summary: 'It went away' }, t0 + 40 * MINUTE, DANA);
    const markdown = renderMarkdown(
      buildTimeline(log.events, templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE }),
      template,
    );
    const metrics = markdown.split('## Key metrics\n')[1]?.split('\n## ')[0] ?? '';
    expect(metrics).toContain('| Time to detect | — | — | impact start → declare: impact start not recorded |');
    expect(metrics).toContain('| Time to identify | — | — |');
    expect(metrics).toContain('| Time to first internal communication | — | — |');
    expect(metrics).toContain('| Time to first external communication | — | — |');
    expect(metrics).toContain('| Time to mitigate | — | — |');
    expect(metrics).toContain('| Time to resolve | 40 min |');
    expect(metrics).not.toContain('Time to roll back');
    // The declarer is in command from the declare: 0 is what it measured, said in its definition, not a guess.
    const zero = metrics.split('\n').filter((row) => row.includes('| 0 min |'));
    expect(zero).toEqual([
      '| Time to acknowledge | 0 min | Tue 10 Mar 10:00 GMT+1 | declare → a person in command: the declarer, seated as commander by their own declare (0 by definition) |',
    ]);
    expect(markdown).toContain('_This incident ran no protocol._');
    expect(markdown).toContain('_No status update was posted._');
    expect(markdown).toContain('_No handoffs._');
  });

  it('should end with the sections the team fills in afterwards', () => {
    const headings = renderMarkdown(seeded, template)
      .split('\n')
      .filter((line) => line.startsWith('## '));
    expect(headings.slice(-5)).toEqual([
      '## Contributing factors',
      '## What went well',
      '## What went badly',
      '## Where we got lucky',
      '## Action items',
    ]);
  });

  it("should follow the team's own template", () => {
    const markdown = renderMarkdown(
      seeded,
      '{{incident.id}} took {{duration}}; {{#metrics}}{{label}}={{value}} {{/metrics}}',
    );
    expect(markdown).toBe(
      'INC-42 took 4 h 30 min; Time to detect=7 min Time to acknowledge=0 min Time to identify=24 min Time to first internal communication=16 min Time to first external communication=— Time to mitigate=55 min Time to resolve=4 h 30 min ',
    );
  });
});

/** A note as someone could type it: an image, raw HTML, a link that is not what it says, and a heading. */
const HOSTILE = '![x](http://evil/x.png) <img src=x onerror=alert(1)> [bank](http://evil)\n# Heading';
/** The first line of HOSTILE as the Markdown carries it: every character read as itself. */
const HOSTILE_LINE = '!\\[x\\](http://evil/x.png) &lt;img src=x onerror=alert(1)> \\[bank\\](http://evil)';

/** The lines of `markdown` that a CommonMark renderer takes for headings. */
function headings(markdown: string): string[] {
  return markdown.split('\n').filter((line) => /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line));
}

/** What would become an image, a link, or raw HTML (warroom's own `<br>` in table cells and `<!--` hints aside). */
function liveMarkup(markdown: string): string[] {
  return markdown.match(/(?<!\\)!?(?<!\\)\[[^\]\n]*(?<!\\)\]\(|<(?!br>|!--)/g) ?? [];
}

/** An incident in which everything people typed is `typed` (names too), as the Markdown renders it. */
function renderTyped(typed: (what: string) => string): string {
  const log = logBuilder('INC-7');
  const t0 = utc('2026-03-10T09:00:00Z');
  const at = (minutes: number) => t0 + minutes * MINUTE;
  log.add(
    'IncidentDeclared',
    {
      title: typed('title'),
      severity: 'sev2',
      summary: typed('summary'),
      service: typed('service'),
      private: false,
      protocol: 'deploy-rollback',
    },
    t0,
    DANA,
  );
  log.add('UpdatePosted', { text: typed('update') }, at(1), LEE);
  log.add('NoteAdded', { text: typed('note') }, at(2), DANA);
  log.add(
    'MessagePinned',
    { channelId: 'C0INC0700', ts: `${at(3) / 1000}.000100`, author: RAJ, text: typed('pin'), via: 'pin' },
    at(3),
    RAJ,
  );
  log.add(
    'StepCompleted',
    {
      step: 'name-suspect',
      phase: 'identify',
      title: 'Name the suspect change',
      inputs: { change: typed('input') },
    },
    at(4),
    RAJ,
  );
  log.add(
    'StepBlocked',
    { step: 'confirm-deployed', phase: 'rollback', title: 'Confirm the rollback is deployed', reason: typed('reason') },
    at(5),
    RAJ,
  );
  log.add(
    'HandoffOffered',
    { offerId: 'commander-1', role: 'commander', from: DANA, to: PRIYA, expiresAt: at(16) },
    at(6),
    DANA,
  );
  log.add(
    'HandoffDeclined',
    { offerId: 'commander-1', role: 'commander', to: PRIYA, reason: typed('decline') },
    at(7),
    PRIYA,
  );
  log.add('FollowUpAdded', { text: typed('follow-up'), owner: RAJ }, at(8), DANA);
  log.add('IncidentResolved', { summary: typed('resolution') }, at(9), DANA);
  const people = Object.fromEntries(Object.keys(PEOPLE).map((user) => [user, typed(`name of ${user}`)]));
  return renderMarkdown(buildTimeline(log.events, templates, { timeZone: TIME_ZONE, now: NOW, people }), template);
}

describe('text people typed, in the Markdown postmortem', () => {
  it.each([
    ['an image', '![x](http://evil/x.png)', '!\\[x\\](http://evil/x.png)'],
    ['a link', '[bank](http://evil)', '\\[bank\\](http://evil)'],
    ['a reference link', '[bank]\n[bank]: http://evil', '\\[bank\\]\n\\[bank\\]: http://evil'],
    ['an autolink', '<http://evil>', '&lt;http://evil>'],
    ['raw HTML', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)>'],
    ['a script', '<script>alert(1)</script>', '&lt;script>alert(1)&lt;/script>'],
    ['an entity', '&lt;b&gt; &#60;', '\\&lt;b\\&gt; \\&#60;'],
    ['a heading', '# Heading\n###', '\\# Heading\n\\###'],
    ['a setext heading', 'Heading\n===\nOther\n---', 'Heading\n\\===\nOther\n\\---'],
    ['a block quote', '> quoted', '\\> quoted'],
    ['list items', '- one\n+ two\n* three\n1. four\n2) five', '\\- one\n\\+ two\n\\* three\n1\\. four\n2\\) five'],
    ['a code fence', '```\n~~~', '\\`\\`\\`\n\\~\\~\\~'],
    ['emphasis and code', '**bold** _em_ `code` ~~gone~~', '\\*\\*bold\\*\\* \\_em\\_ \\`code\\` \\~\\~gone\\~\\~'],
    ['a table', 'a|b\n-|-', 'a\\|b\n-\\|-'],
    ['a backslash that would undo an escape', '\\[x](http://evil)', '\\\\\\[x\\](http://evil)'],
    ['a thematic break', '***\n___', '\\*\\*\\*\n\\_\\_\\_'],
  ])('should show %s as the characters that were typed', (_, typed, markdown) => {
    expect(escapeMarkdown(typed)).toBe(markdown);
  });

  it('should leave ordinary text as it was typed', () => {
    const note = 'Rolled back payments_api to 2026.10.24-2 (4f2a1c): errors -> 0.1%, #inc-7 is calm! Next: 5 min';
    expect(escapeMarkdown(note)).toBe(note);
    expect(escapeMarkdown('2026.10.24-2 is out\n-1 error a minute')).toBe('2026.10.24-2 is out\n-1 error a minute');
  });

  it("should show a note's image, HTML, link and heading as literal text, in the timeline and in the notes", () => {
    const log = logBuilder('INC-7');
    const t0 = utc('2026-03-10T09:00:00Z');
    log.add('IncidentDeclared', { title: 'Search is slow', severity: 'sev3', private: false }, t0, DANA);
    log.add('NoteAdded', { text: HOSTILE }, t0 + MINUTE, DANA);
    const markdown = renderMarkdown(
      buildTimeline(log.events, templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE }),
      template,
    );
    expect(timelineRows(markdown).at(-1)).toBe(
      `| 2026-03-10 09:01:00 | 10:01:00 GMT+1 | T+00:01 | Dana | Note: ${HOSTILE_LINE}<br>\\# Heading |`,
    );
    expect(markdown).toContain(`- **Tue 10 Mar 10:01 GMT+1** (T+00:01) · Dana: ${HOSTILE_LINE}\n  \\# Heading\n`);
    expect(liveMarkup(markdown)).toEqual([]);
    expect(headings(markdown)).not.toContainEqual(expect.stringContaining('Heading'));
  });

  it('should escape every text people typed, and their names, wherever the postmortem shows it', () => {
    const plain = renderTyped((what) => `plain ${what}`);
    const hostile = renderTyped((what) => `${what}: ${HOSTILE}`);
    expect(liveMarkup(hostile)).toEqual([]);
    // The same sections, and no heading of its own: a title stays on its heading's line.
    expect(headings(hostile).slice(1)).toEqual(headings(plain).slice(1));
    expect(headings(hostile)[0]).toBe(`# Postmortem: INC-7 — title: ${HOSTILE_LINE} # Heading`);
    const typed = ['summary', 'resolution', 'update', 'pin', 'note', 'follow-up', 'input', 'reason', 'decline'];
    for (const what of typed) expect(hostile).toContain(`${what}: ${HOSTILE_LINE}`);
    expect(hostile).toContain(`> update: ${HOSTILE_LINE}\n> \\# Heading\n`);
    expect(hostile).toContain(`\n\\# Heading\n\n**Resolution:** resolution: ${HOSTILE_LINE}\n\\# Heading\n`);
    expect(hostile).toContain(`· service service: ${HOSTILE_LINE} # Heading\n`);
    expect(hostile).toContain(`| Commander | name of ${DANA}: ${HOSTILE_LINE} # Heading |`);
    expect(hostile).toContain(`by name of ${DANA}: ${HOSTILE_LINE} # Heading\n`);
    expect(hostile).toContain(`| Declined: decline: ${HOSTILE_LINE}<br>\\# Heading |`);
    expect(hostile).toContain(`| change: input: ${HOSTILE_LINE}<br>\\# Heading |`);
    expect(hostile).toContain(`| reason: reason: ${HOSTILE_LINE}<br>\\# Heading |`);
  });

  it("should keep a title's closing # in the heading, where it would otherwise be dropped", () => {
    const log = logBuilder('INC-7');
    log.add('IncidentDeclared', { title: 'Checkout down in shard #', severity: 'sev3', private: false }, NOW, DANA);
    const markdown = renderMarkdown(buildTimeline(log.events, templates, { timeZone: TIME_ZONE, now: NOW }), template);
    expect(headings(markdown)[0]).toBe('# Postmortem: INC-7 — Checkout down in shard \\#');
  });

  it('should keep an escaped pipe inside its table cell', () => {
    expect(escapeCell(escapeMarkdown('EU|US'))).toBe('EU\\|US');
    expect(escapeCell(escapeMarkdown('a\\|b'))).toBe('a\\\\\\|b');
    expect(escapeCell('a\\\\|b')).toBe('a\\\\\\|b');
  });
});

describe('renderExport', () => {
  it('should render every format it lists, HTML through html.ts', () => {
    expect(EXPORT_FORMATS).toEqual(['md', 'html', 'json', 'csv']);
    for (const format of EXPORT_FORMATS) expect(renderExport(seeded, format, templates.dir).length).toBeGreaterThan(0);
    expect(renderExport(seeded, 'html', templates.dir)).toBe(renderHtml(seeded));
  });

  it('should refuse a format it does not know with a typed error', () => {
    expect(() => renderExport(seeded, 'pdf' as ExportFormat, templates.dir)).toThrow(ExportError);
  });
});

/** The Change section of a rendered postmortem, up to the next section. */
function changeSection(markdown: string): string {
  return markdown.split('\n## Change\n')[1]?.split('\n## ')[0] ?? '';
}

describe('the Change section of the Markdown postmortem', () => {
  const changed = buildTimeline(CHANGED_INCIDENT, templates, { timeZone: TIME_ZONE, now: CHANGE_NOW, people: PEOPLE });

  it('should match the golden file for an incident with suspects, rollbacks and deploys during it', () => {
    expectGolden('postmortem-change.md', renderMarkdown(changed, template));
  });

  it('should say so, and add nothing else, for an incident in which warroom saw no deploy', () => {
    expect(changeSection(renderMarkdown(seeded, template))).toBe(
      '\n_warroom recorded no suspect deploy, rollback or deploy during this incident._\n',
    );
  });

  it('should show the suspect, when it went live in both clocks, and how long before the impact and the declare', () => {
    const section = changeSection(renderMarkdown(changed, template));
    expect(section).toContain(
      '**payments-api 2026.11.28-3 (4f2a1c9) by dana-gh** in production (reported by GitHub) · [the deploy](<https://github.com/acme/payments-api/deployments/88123>)\n',
    );
    expect(section).toContain('- **Went live:** 2026-11-28 22:58:00 GMT+1 (2026-11-28 21:58:00 UTC), T-00:09\n');
    expect(section).toContain('- **Timing:** 9 min before the impact start, 14 min before the declare\n');
    expect(section).toContain('- **Named the suspect:** Sat 28 Nov 23:16 GMT+1 (T+00:09) by Raj\n');
    expect(section).toContain('- **Live before it:** payments-api 2026.11.28-2 (9e8d7c6) by raj-gh\n');
    expect(section).toContain(
      '| Sat 28 Nov 23:15 GMT+1 | T+00:08 | Raj | search-api 7.1.0 (a1b2c3d) by kim-gh | Sat 28 Nov 21:40 GMT+1 |',
    );
  });

  it('should give the times in the display time zone, whatever its offset', () => {
    const kolkata = renderMarkdown({ ...changed, timeZone: 'Asia/Kolkata' }, template);
    expect(changeSection(kolkata)).toContain(
      '- **Went live:** 2026-11-29 03:28:00 GMT+5:30 (2026-11-28 21:58:00 UTC), T-00:09\n',
    );
  });

  it('should show when each rollback was requested, by whom and how, and that one failed and one was deployed', () => {
    const section = changeSection(renderMarkdown(changed, template));
    expect(section).toContain(
      [
        '**Rollback of payments-api (production) to 2026.11.28-2:** failed',
        '',
        '- **Requested:** Sat 28 Nov 23:20 GMT+1 (T+00:13) by Raj, with 2026.11.28-3 live',
        '- **Plan (GitHub workflow):** workflow rollback.yml on main of acme/payments-api, version=2026.11.28-2',
        '- **Failed:** Sat 28 Nov 23:20 GMT+1 (T+00:13) in github: workflow rollback.yml not found on main (HTTP 404)',
      ].join('\n'),
    );
    expect(section).toContain(
      [
        '**Rollback of payments-api (production) to 2026.11.28-2:** deployed',
        '',
        '- **Requested:** Sat 28 Nov 23:24 GMT+1 (T+00:17) by Dana, with 2026.11.28-3 live',
        '- **Plan (rollback webhook):** signed rollback webhook for payments-api in production, version=2026.11.28-2',
        '- **Dispatched:** Sat 28 Nov 23:24 GMT+1 (T+00:17) · [req-5521](<https://deploys.example.com/rollbacks/req-5521>)',
        '- **Deployed:** Sat 28 Nov 23:29 GMT+1 (T+00:22), 5 min after the request: payments-api 2026.11.28-2 (9e8d7c6)',
      ].join('\n'),
    );
  });

  it('should list the deploys during the incident, the one in the freeze and the rollback marked', () => {
    const section = changeSection(renderMarkdown(changed, template));
    expect(section).toContain(
      [
        '| Sat 28 Nov 23:18 GMT+1 | web | production | 5.2.0 (c0ffee1) by lee-gh | Live | during the freeze | — |',
        '| Sat 28 Nov 23:29 GMT+1 | payments-api | production | 2026.11.28-2 (9e8d7c6) | Live | exempt (a rollback) | yes |',
        '| Sat 28 Nov 23:44 GMT+1 | search-api | production | 7.1.1 by kim-gh | Failed | — | — |',
      ].join('\n'),
    );
  });

  it('should say "after" for a suspect that went live after the impact start', () => {
    const later = { ...changed, incident: { ...changed.incident, impactStartedAt: utc('2026-11-28T21:55:00Z') } };
    const change = changed.change && { ...changed.change, suspectToImpactMs: -3 * MINUTE };
    expect(changeSection(renderMarkdown({ ...later, change }, template))).toContain(
      '- **Timing:** 3 min after the impact start, 14 min before the declare\n',
    );
  });
});

describe('deploy fields from a deploy system, in the Markdown postmortem', () => {
  const hostile = renderMarkdown(
    buildTimeline(HOSTILE_DEPLOY_INCIDENT, templates, { timeZone: TIME_ZONE, now: CHANGE_NOW, people: PEOPLE }),
    template,
  );
  /** The one link the hostile incident may have: to its only http(s) URL. */
  const OK_LINK = /\[[^\n]*\]\(<https:\/\/ok\.example\.com\/(?:[^\s<>`|\\]|\\&)*>\)/g;

  it('should show a hostile version, service, author and error as the characters sent, with no live markup', () => {
    expect(liveMarkup(hostile.replace(OK_LINK, ''))).toEqual([]);
    expect(headings(hostile)).not.toContainEqual(expect.stringContaining('owned'));
    expect(headings(hostile)).not.toContainEqual(expect.stringContaining('failed'));
    const section = changeSection(hostile);
    expect(section).toContain(
      '**&lt;script>alert(1)&lt;/script> !\\[x\\](http://evil/x.png) &lt;img src=x onerror=alert(1)> (&lt;svg on) by eve \\| admin # owned \\[bank\\](http://evil)** in prod\\|&lt;b>x&lt;/b>',
    );
    expect(section).toContain(') in &lt;i>ci&lt;/i>: &lt;script>alert(5)&lt;/script> \\|  # failed\n');
    expect(section).toContain('- **Also rolls back:** \\[x\\](javascript:alert(3))\n');
  });

  it('should never link a javascript: or data: URL, and show it as text', () => {
    expect(hostile).not.toMatch(/(?<!\\)\]\(<?(javascript|data):/i);
    const section = changeSection(hostile);
    expect(section).toContain(' · the deploy: javascript:alert(1)\n');
    expect(section).toContain(
      '- **Dispatched:** Sat 28 Nov 23:03 GMT+1 (T+00:03) · \\[run\\](http://evil): javascript:alert(4)\n',
    );
  });

  it('should keep a hostile table cell in its cell, author line breaks and pipes included', () => {
    const rows = changeSection(hostile)
      .split('\n')
      .filter((line) => line.startsWith('| Sat'));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(7);
  });

  it('should link an http(s) URL with whatever would end the link escaped', () => {
    expect(hostile.match(OK_LINK)).toEqual([
      '[!\\[x\\](http://evil/x.png) &lt;img src=x onerror=alert(1)> (&lt;svg on) by eve \\| admin # owned \\[bank\\](http://evil)](<https://ok.example.com/x?a=%60b%60%3Ec%7Cd%5Ce\\&lt;>)',
    ]);
  });

  it.each([
    ['the deploy', 'https://ci.example.com/runs/42', '[the deploy](<https://ci.example.com/runs/42>)'],
    ['run *1*', 'https://ci.example.com/runs/1?a=(b)', '[run \\*1\\*](<https://ci.example.com/runs/1?a=(b)>)'],
    ['the deploy', 'javascript:alert(1)', 'the deploy: javascript:alert(1)'],
    ['the deploy', 'https://x.example.com/<script>', '[the deploy](<https://x.example.com/%3Cscript%3E>)'],
    ['[x](http://evil)', null, '\\[x\\](http://evil)'],
  ])('should write %j to %j as a link only to http(s)', (words, url, markdown) => {
    expect(markdownLink(words, url)).toBe(markdown);
  });
});

/** The "What customers were told" section of a rendered postmortem, up to the next section. */
function customersSection(markdown: string): string {
  return markdown.split('\n## What customers were told\n')[1]?.split('\n## ')[0] ?? '';
}

/** The Key metrics row of a duration. */
function metricRow(markdown: string, label: string): string | undefined {
  return markdown.split('\n').find((line) => line.startsWith(`| ${label} |`));
}

describe('what customers were told, in the Markdown postmortem', () => {
  const commsOptions = { timeZone: COMMS_TIME_ZONE, now: COMMS_NOW, people: PEOPLE };
  const comms = renderMarkdown(buildTimeline(COMMS_INCIDENT, COMMS_TEMPLATES, commsOptions), template);

  it('should match the golden file for an incident with publishes, a refused one and a customer notice', () => {
    expectGolden('postmortem-customers.md', comms);
  });

  it('should say "Nothing was published to customers." and nothing else when nothing was', () => {
    expect(customersSection(renderMarkdown(seeded, template))).toBe('\n_Nothing was published to customers._\n');
  });

  it('should list the customer notice and each publish in order, with no internal update among them', () => {
    const section = customersSection(comms);
    expect(section.split('\n').filter((line) => line.startsWith('**'))).toEqual([
      '**Tue 1 Dec 09:11 GMT-5** (T+00:06) · Posted in Slack by Lee, from the customer-notice draft',
      '**Tue 1 Dec 09:13 GMT-5** (T+00:08) · Status page: published',
      '**Tue 1 Dec 09:40 GMT-5** (T+00:35) · Status page: refused by Statuspage (customers did not see it)',
      '**Tue 1 Dec 10:02 GMT-5** (T+00:57) · Status page: published',
    ]);
    expect(section).not.toContain('Rolling back payments-api');
    expect(section).not.toContain('All clear: EU card payments');
    expect(section).not.toContain('What we are doing');
  });

  it('should show each publish: status, components by service or id with their impact, notify, link, text', () => {
    const section = customersSection(comms);
    expect(section).toContain(
      [
        '- **Status:** Investigating',
        '- **Components:** payments-api: major outage; w4n8b2c6d0ty: degraded performance',
        '- **Notify subscribers:** yes',
        '- **Link:** [the status page](<https://status.example.com/incidents/p31zjtct2jer>)',
        '- **Asked for:** Tue 1 Dec 09:13 GMT-5 by Lee, naming the incident Card payments failing in the EU on the page',
        '',
        '> We are investigating failed card payments for customers in the EU.',
      ].join('\n'),
    );
    expect(section).toContain(
      '- **Status:** Resolved\n- **Components:** payments-api: operational; w4n8b2c6d0ty: operational\n',
    );
  });

  it("should show what a refused publish would have said, and Statuspage's message", () => {
    expect(customersSection(comms)).toContain(
      [
        '- **Statuspage said:** Statuspage answered 422: components is invalid',
        '- **Status:** Monitoring',
        '- **Components:** payments-api: partial outage',
        '- **Notify subscribers:** no',
        '- **Asked for:** Tue 1 Dec 09:40 GMT-5 by Lee',
        '',
        '> A fix is in place and we are monitoring the results.',
      ].join('\n'),
    );
  });

  it('should mark the update for customers among the status updates', () => {
    expect(comms).toContain('**Tue 1 Dec 09:11 GMT-5** (T+00:06) · Lee · for customers\n');
    expect(comms).toContain('**Tue 1 Dec 09:31 GMT-5** (T+00:26) · Raj\n');
  });

  it('should show the first external communication with where it came from, and the internal one as it was', () => {
    expect(metricRow(comms, 'Time to first external communication')).toBe(
      '| Time to first external communication | 8 min (status page) | Tue 1 Dec 09:13 GMT-5 | declare → the first status-page publish; without one, the first update for customers posted in Slack |',
    );
    expect(metricRow(comms, 'Time to first internal communication')).toContain('| 3 min | Tue 1 Dec 09:08 GMT-5 |');
    const unpublished = COMMS_INCIDENT.filter((e) => e.type !== 'StatusPagePublished');
    const fromSlack = renderMarkdown(buildTimeline(unpublished, COMMS_TEMPLATES, commsOptions), template);
    expect(metricRow(fromSlack, 'Time to first external communication')).toContain(
      '| 6 min (posted in Slack; no status page) | Tue 1 Dec 09:11 GMT-5 |',
    );
  });

  it('should show a hostile publish, link, error and customer update as the characters sent, with no live markup', () => {
    const hostile = renderMarkdown(buildTimeline(HOSTILE_PUBLISH_INCIDENT, COMMS_TEMPLATES, commsOptions), template);
    const section = customersSection(hostile);
    expect(liveMarkup(section)).toEqual([]);
    expect(liveMarkup(hostile)).toEqual([]);
    expect(headings(hostile)).not.toContainEqual(expect.stringContaining('owned'));
    expect(headings(hostile)).not.toContainEqual(expect.stringContaining('refused'));
    expect(section).toContain('- **Link:** the status page: javascript:alert(1)\n');
    expect(section).toContain('> !\\[x\\](http://evil/x.png) &lt;img src=x onerror=alert(1)>\n> \\# owned\n');
    expect(section).toContain('- **Components:** &lt;b>x&lt;/b>\\|y: major outage\n');
    expect(section).toContain('- **Statuspage said:** &lt;script>alert(2)&lt;/script> \\|  # refused\n');
    expect(section).toContain('naming the incident &lt;script>alert(1)&lt;/script> on the page\n');
    expect(section).toContain(
      'Posted in Slack by Lee, from the &lt;i>customer-notice&lt;/i> draft\n\n> &lt;img src=x onerror=alert(3)> \\[click\\](javascript:alert(3))\n',
    );
  });
});
