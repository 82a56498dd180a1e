/**
 * The key durations of the postmortem, rebuilt from the log, each with the one line that defines it: detect (impact
 * start → declare), acknowledge (declare → a person in command), identify (the suspect named), mitigate (impact ended,
 * by the key metric or by the move to Monitoring), resolve; and the phases under the protocol's own names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/export/html.js';
import { renderMarkdown } from '../../src/export/markdown.js';
import type { Timeline } from '../../src/export/model.js';
import { buildTimeline } from '../../src/export/timeline.js';
import { SYSTEM_ACTOR } from '../../src/incident/events.js';
import { DANA, LEE, type LogBuilder, logBuilder, PEOPLE, RAJ, templates, utc } from './fixtures.js';

const MINUTE = 60_000;
const at = (hhmm: string): number => utc(`2026-03-10T${hhmm}:00Z`);
const NOW = at('09:00');
const template = readFileSync(join(templates.dir, 'postmortem.md'), 'utf8');

const SUSPECT = {
  deployId: 'github:acme/payments-api:1773111000',
  service: 'payments-api',
  environment: 'production',
  version: '2026.03.10-2',
  at: at('02:58'),
  source: 'github' as const,
};
const RECOVERY = {
  service: 'payments-api',
  label: 'checkout error rate',
  unit: '%',
  value: 0.4,
  baseline: 0.3,
};

interface Options {
  recovery?: boolean;
  suspect?: boolean;
  protocol?: string;
}

/**
 * INC-9, declared by Dana at 03:12 with the impact backdated to 03:05: the suspect named at 03:20 (Identified at
 * 03:22), the rollback started at 03:25 (Mitigating), the key metric healthy again from 03:41, Monitoring at 03:50,
 * resolved at 04:10.
 */
function incident({ recovery = true, suspect = true, protocol = 'deploy-rollback' }: Options = {}): LogBuilder {
  const log = logBuilder('INC-9');
  const declare = { title: 'Checkout failing', severity: 'sev2' as const, private: false, service: 'payments-api' };
  log.add('IncidentDeclared', { ...declare, protocol }, at('03:12'), DANA);
  log.add(
    'ImpactStarted',
    { startedAt: at('03:05'), evidence: 'checkout error rate 4.1% from 03:05' },
    at('03:14'),
    DANA,
  );
  if (suspect) log.add('SuspectNamed', { deploy: SUSPECT }, at('03:20'), RAJ);
  log.add('StatusChanged', { from: 'investigating', to: 'identified' }, at('03:22'), RAJ);
  log.add('StatusChanged', { from: 'identified', to: 'mitigating' }, at('03:25'), RAJ);
  if (recovery) log.add('RecoveryObserved', RECOVERY, at('03:41'), SYSTEM_ACTOR);
  log.add('StatusChanged', { from: 'mitigating', to: 'monitoring' }, at('03:50'), RAJ);
  log.add('IncidentResolved', { summary: 'Rolled back payments-api' }, at('04:10'), DANA);
  return log;
}

function timelineOf(log: LogBuilder): Timeline {
  return buildTimeline(log.events, templates, { timeZone: 'UTC', now: NOW, people: PEOPLE });
}

/** A log declared by warroom itself at 03:12 (no person in command yet), with whatever `more` adds. */
function declaredByWarroom(more: (log: LogBuilder) => void): Timeline {
  const log = logBuilder('INC-10');
  log.add(
    'IncidentDeclared',
    { title: 'Paged: checkout errors', severity: 'sev2', private: false },
    at('03:12'),
    SYSTEM_ACTOR,
  );
  more(log);
  return timelineOf(log);
}

/** The Markdown row of a key duration. */
function markdownRow(timeline: Timeline, label: string): string | undefined {
  return renderMarkdown(timeline, template)
    .split('\n')
    .find((line) => line.startsWith(`| ${label} |`));
}

/** The HTML row of a key duration, as a reader sees it. */
function htmlRow(timeline: Timeline, id: string): string {
  const html = renderHtml(timeline);
  const open = html.indexOf(`<tr data-metric="${id}"`);
  if (open < 0) throw new Error(`no row for ${id}`);
  return html
    .slice(open, html.indexOf('</tr>', open))
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the time to mitigate', () => {
  it('should count to the key metric’s first healthy minute, and say it is by the key metric', () => {
    const { mitigate } = timelineOf(incident()).metrics.durations;
    expect(mitigate).toEqual({
      ms: 36 * MINUTE,
      countsFrom: 'impact',
      from: at('03:05'),
      to: at('03:41'),
      milestone: 'key-metric',
      definition:
        'impact start → impact ended, by the key metric checkout error rate (payments-api): its first healthy minute',
    });
  });

  it('should count to the move to Monitoring when the key metric showed no recovery, and say so', () => {
    const { mitigate } = timelineOf(incident({ recovery: false })).metrics.durations;
    expect(mitigate).toMatchObject({ ms: 45 * MINUTE, to: at('03:50'), milestone: 'monitoring' });
    expect(mitigate.definition).toBe(
      'impact start → impact ended, by the first move to Monitoring (no recovery was recorded on the key metric)',
    );
  });

  it('should not count to the move to Mitigating: a rollback started has not ended the impact', () => {
    const { metrics } = timelineOf(incident());
    expect(metrics.durations.mitigate.to).not.toBe(at('03:25'));
    // The JSON's v1 field keeps its v1 meaning for its readers.
    expect(metrics.timeToMitigateMs).toBe(20 * MINUTE);
  });

  it('should keep the first healthy minute when the incident was reopened and recovered again', () => {
    const log = incident();
    log.add('IncidentReopened', { reason: 'Errors again' }, at('04:20'), DANA);
    log.add('RecoveryObserved', RECOVERY, at('04:35'), SYSTEM_ACTOR);
    expect(timelineOf(log).metrics.durations.mitigate).toMatchObject({ to: at('03:41'), milestone: 'key-metric' });
  });

  it('should be null, never 0, when neither happened', () => {
    const log = logBuilder('INC-11');
    log.add('IncidentDeclared', { title: 'Slow', severity: 'sev3', private: false }, at('03:12'), DANA);
    const { mitigate } = timelineOf(log).metrics.durations;
    expect(mitigate).toMatchObject({ ms: null, to: null, milestone: null, countsFrom: 'declare' });
    expect(mitigate.definition).toBe(
      "declare → impact ended (the key metric's first healthy minute, else the first move to Monitoring): neither happened",
    );
  });
});

describe('the time to detect', () => {
  it('should count from the impact start to the declare', () => {
    expect(timelineOf(incident()).metrics.durations.detect).toEqual({
      ms: 7 * MINUTE,
      countsFrom: 'impact',
      from: at('03:05'),
      to: at('03:12'),
      milestone: 'declare',
      definition: 'impact start → declare',
    });
  });

  it('should be null and say so when no impact start was recorded', () => {
    const log = logBuilder('INC-11');
    log.add('IncidentDeclared', { title: 'Slow', severity: 'sev3', private: false }, at('03:12'), DANA);
    expect(timelineOf(log).metrics.durations.detect).toEqual({
      ms: null,
      countsFrom: 'impact',
      from: null,
      to: null,
      milestone: null,
      definition: 'impact start → declare: impact start not recorded',
    });
  });
});

describe('the time to acknowledge', () => {
  it('should be 0 when a person declared: their declare seats them as commander', () => {
    const log = incident();
    log.add(
      'HandoffOffered',
      { offerId: 'commander-1', role: 'commander', from: DANA, to: LEE, expiresAt: at('04:00') },
      at('03:30'),
      DANA,
    );
    log.add('HandoffAccepted', { offerId: 'commander-1', role: 'commander', from: DANA, to: LEE }, at('03:31'), LEE);
    const { acknowledge } = timelineOf(log).metrics.durations;
    expect(acknowledge).toEqual({
      ms: 0,
      countsFrom: 'declare',
      from: at('03:12'),
      to: at('03:12'),
      milestone: 'declare',
      definition:
        'declare → a person in command: the declarer, seated as commander by their own declare (0 by definition)',
    });
  });

  it('should count to the first commander handoff a person accepted when warroom declared', () => {
    const { acknowledge } = declaredByWarroom((log) => {
      log.add(
        'HandoffOffered',
        { offerId: 'commander-1', role: 'commander', to: LEE, expiresAt: at('03:30') },
        at('03:12'),
        SYSTEM_ACTOR,
      );
      log.add('HandoffAccepted', { offerId: 'commander-1', role: 'commander', to: LEE }, at('03:15'), LEE);
      log.add(
        'HandoffOffered',
        { offerId: 'commander-2', role: 'commander', from: LEE, to: RAJ, expiresAt: at('04:00') },
        at('03:40'),
        LEE,
      );
      log.add('HandoffAccepted', { offerId: 'commander-2', role: 'commander', from: LEE, to: RAJ }, at('03:41'), RAJ);
    }).metrics.durations;
    expect(acknowledge).toMatchObject({ ms: 3 * MINUTE, to: at('03:15'), milestone: 'handoff' });
    expect(acknowledge.definition).toBe(
      'declare → a person in command: the first commander handoff a person accepted (warroom declared it; no person was in command before)',
    );
  });

  it('should not count command that warroom gave on its own, only what a person did', () => {
    const { acknowledge } = declaredByWarroom((log) => {
      log.add('RoleAssigned', { role: 'commander', user: LEE }, at('03:13'), SYSTEM_ACTOR);
      log.add('RoleAssigned', { role: 'ops', user: RAJ }, at('03:14'), RAJ);
      log.add('RoleAssigned', { role: 'commander', user: RAJ, previous: LEE }, at('03:20'), DANA);
    }).metrics.durations;
    expect(acknowledge).toMatchObject({ ms: 8 * MINUTE, to: at('03:20'), milestone: 'assignment' });
  });

  it('should be null when warroom declared and no person took command', () => {
    const { acknowledge } = declaredByWarroom(() => {}).metrics.durations;
    expect(acknowledge).toMatchObject({ ms: null, to: null, milestone: null });
    expect(acknowledge.definition).toBe(
      'declare → a person in command: warroom declared it and no person took command',
    );
  });
});

describe('the time to identify', () => {
  it('should count to the first suspect named', () => {
    const log = incident();
    log.add('SuspectNamed', { deploy: { ...SUSPECT, version: '2026.03.10-1' } }, at('03:45'), RAJ);
    expect(timelineOf(log).metrics.durations.identify).toEqual({
      ms: 15 * MINUTE,
      countsFrom: 'impact',
      from: at('03:05'),
      to: at('03:20'),
      milestone: 'suspect',
      definition: 'impact start → the first suspect named ([Suspect] on a deploy)',
    });
  });

  it('should count to the first move to Identified or beyond when no suspect was named, and say so', () => {
    const { identify } = timelineOf(incident({ suspect: false })).metrics.durations;
    expect(identify).toMatchObject({ ms: 17 * MINUTE, to: at('03:22'), milestone: 'status' });
    expect(identify.definition).toBe(
      'impact start → the first move to Identified or beyond (no suspect deploy was named in warroom)',
    );
  });
});

describe('the time to resolve', () => {
  it('should count to the resolution', () => {
    expect(timelineOf(incident()).metrics.durations.resolve).toMatchObject({
      ms: 65 * MINUTE,
      to: at('04:10'),
      milestone: 'resolved',
      definition: 'impact start → resolved',
    });
  });

  it('should count to the last resolution when reopened, and say so', () => {
    const log = incident();
    log.add('IncidentReopened', { reason: 'Errors again' }, at('04:20'), DANA);
    log.add('IncidentResolved', { summary: 'Rolled back the worker too' }, at('04:40'), DANA);
    expect(timelineOf(log).metrics.durations.resolve).toMatchObject({
      ms: 95 * MINUTE,
      to: at('04:40'),
      definition: 'impact start → resolved (the last resolution: it was reopened)',
    });
  });

  it('should be null while open', () => {
    const log = incident();
    log.add('IncidentReopened', { reason: 'Errors again' }, at('04:20'), DANA);
    expect(timelineOf(log).metrics.durations.resolve).toMatchObject({
      ms: null,
      definition: 'impact start → resolved: not resolved at the export (reopened)',
    });
  });
});

describe('the key durations in the postmortem', () => {
  it('should show each duration in Markdown with when it was reached and its definition', () => {
    const timeline = timelineOf(incident());
    expect(markdownRow(timeline, 'Time to mitigate')).toBe(
      '| Time to mitigate | 36 min | Tue 10 Mar 03:41 GMT+0 | impact start → impact ended, by the key metric checkout error rate (payments-api): its first healthy minute |',
    );
    expect(markdownRow(timeline, 'Time to detect')).toBe(
      '| Time to detect | 7 min | Tue 10 Mar 03:12 GMT+0 | impact start → declare |',
    );
    expect(markdownRow(timeline, 'Time to acknowledge')).toContain(
      '| 0 min | Tue 10 Mar 03:12 GMT+0 | declare → a person in command',
    );
    expect(markdownRow(timeline, 'Time to identify')).toBe(
      '| Time to identify | 15 min | Tue 10 Mar 03:20 GMT+0 | impact start → the first suspect named (\\[Suspect\\] on a deploy) |',
    );
    expect(markdownRow(timeline, 'Time to resolve')).toBe(
      '| Time to resolve | 1 h 5 min | Tue 10 Mar 04:10 GMT+0 | impact start → resolved |',
    );
    expect(markdownRow(timelineOf(incident({ recovery: false })), 'Time to mitigate')).toBe(
      '| Time to mitigate | 45 min | Tue 10 Mar 03:50 GMT+0 | impact start → impact ended, by the first move to Monitoring (no recovery was recorded on the key metric) |',
    );
  });

  it('should show each duration in HTML with when it was reached and its definition', () => {
    const timeline = timelineOf(incident());
    expect(htmlRow(timeline, 'mitigate')).toBe(
      'Time to mitigate 36 min Tue 10 Mar 03:41 GMT+0 impact start → impact ended, by the key metric checkout error rate (payments-api): its first healthy minute',
    );
    expect(htmlRow(timeline, 'detect')).toBe('Time to detect 7 min Tue 10 Mar 03:12 GMT+0 impact start → declare');
    expect(htmlRow(timeline, 'acknowledge')).toContain(
      'Time to acknowledge 0 min Tue 10 Mar 03:12 GMT+0 declare → a person in command',
    );
    expect(htmlRow(timeline, 'identify')).toBe(
      'Time to identify 15 min Tue 10 Mar 03:20 GMT+0 impact start → the first suspect named ([Suspect] on a deploy)',
    );
    expect(htmlRow(timeline, 'resolve')).toBe(
      'Time to resolve 1 h 5 min Tue 10 Mar 04:10 GMT+0 impact start → resolved',
    );
    expect(htmlRow(timelineOf(incident({ recovery: false })), 'mitigate')).toContain(
      '45 min Tue 10 Mar 03:50 GMT+0 impact start → impact ended, by the first move to Monitoring',
    );
  });

  it('should escape a key metric label from the catalog in both formats', () => {
    const log = logBuilder('INC-12');
    log.add('IncidentDeclared', { title: 'Checkout', severity: 'sev2', private: false }, at('03:12'), DANA);
    log.add('RecoveryObserved', { ...RECOVERY, label: '<b>errors</b> | *5xx*' }, at('03:41'), SYSTEM_ACTOR);
    const timeline = timelineOf(log);
    expect(markdownRow(timeline, 'Time to mitigate')).toContain(
      'by the key metric &lt;b>errors&lt;/b> \\| \\*5xx\\* (payments-api)',
    );
    expect(renderHtml(timeline)).toContain('by the key metric &lt;b&gt;errors&lt;/b&gt; | *5xx* (payments-api)');
  });

  it("should name the phases as the incident's protocol does, never a rollback the protocol does not have", () => {
    const generic = timelineOf(incident({ protocol: 'generic' }));
    const markdown = renderMarkdown(generic, template);
    const html = renderHtml(generic);
    expect(markdown).toContain('Phases of the generic protocol');
    expect(markdown).toMatch(/^\| Assess \| — \| Tue 10 Mar 03:12 GMT\+0 \| not finished \|$/m);
    expect(markdown).toMatch(/^\| Mitigate \| /m);
    expect(html).toContain('<tr data-phase="assess"><th scope="row">Assess</th>');
    const markdownDurations = markdown.split('## Key metrics\n')[1]?.split('\n## ')[0] ?? '';
    const htmlDurations = html.slice(
      html.indexOf('<section id="metrics"'),
      html.indexOf('</section>', html.indexOf('<section id="metrics"')),
    );
    expect(htmlDurations).toContain('Assess');
    for (const text of [markdownDurations, htmlDurations]) expect(text).not.toMatch(/roll(ed)? ?back/i);
  });
});
