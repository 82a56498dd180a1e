/**
 * @module report/format
 * The cross-incident report as Markdown (tables a team reads), JSON (everything, times in ISO-8601 UTC)
 * and CSV (one row per figure, with the incidents it counts). Pure.
 */
import { formatDuration } from '../incident/durations.js';
import { SEVERITIES, severityLabel } from '../incident/severity.js';
import { DURATION_KINDS, type Report, type Stat } from './figures.js';
import { reportHtml } from './html.js';

export const REPORT_FORMATS = ['md', 'html', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const time = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));
const pct = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 1000) / 10}%`);
const ids = (list: readonly string[], max = 12) =>
  list.length > max ? `${list.slice(0, max).join(', ')} … (+${list.length - max})` : list.join(', ');

function durationRows(report: Report, groups: string[]): string[] {
  return DURATION_KINDS.flatMap((kind) =>
    groups.map((group) => {
      const s: Stat | undefined = report.durations[kind][group];
      return `| ${kind} | ${group === 'all' ? 'all' : SEVERITIES.includes(group as never) ? severityLabel(group as never) : group} | ${s?.n ?? 0} | ${time(s?.median ?? null)} | ${time(s?.p90 ?? null)} | ${ids(s?.incidents ?? [])} |`;
    }),
  );
}

export function reportMarkdown(report: Report): string {
  const months = Object.keys(report.byMonth).sort();
  const lines = [
    `# Incidents ${new Date(report.since).toISOString().slice(0, 10)} – ${new Date(report.until).toISOString().slice(0, 10)}${report.service ? ` (${report.service})` : ''}`,
    '',
    `${report.incidents.length} incidents: ${SEVERITIES.map((s) => `${severityLabel(s)} ${report.bySeverity[s].length}`).join(', ')}.`,
    '',
    '## By month and severity',
    '',
    `| month | ${SEVERITIES.map(severityLabel).join(' | ')} | incidents |`,
    `|---|${SEVERITIES.map(() => '---:').join('|')}|---|`,
    ...months.map((m) => {
      const row = report.byMonth[m] as Record<(typeof SEVERITIES)[number], string[]>;
      return `| ${m} | ${SEVERITIES.map((s) => row[s].length).join(' | ')} | ${ids(SEVERITIES.flatMap((s) => row[s]))} |`;
    }),
    '',
    '## By service',
    '',
    '| service | incidents | which |',
    '|---|---:|---|',
    ...Object.entries(report.byService)
      .sort((a, b) => b[1].length - a[1].length)
      .map(([s, list]) => `| ${s} | ${list.length} | ${ids(list)} |`),
    '',
    '## How long (median and p90)',
    '',
    'Detect: impact start → declare. Identify, mitigate and resolve: from the impact start when one was recorded, else from the declare, to the first suspect named (else Identified), impact ended (the key metric, else Monitoring), resolved.',
    '',
    '| duration | group | n | median | p90 | incidents |',
    '|---|---|---:|---:|---:|---|',
    ...durationRows(report, ['all', ...SEVERITIES, ...months]),
    '',
    '## Bad deploys',
    '',
    `${report.causedByDeploy.length} of ${report.incidents.length} incidents had a deploy named as suspect (${ids(report.causedByDeploy)}); ${report.endedWithRollback.length} ended with a rollback deployed (${ids(report.endedWithRollback)}).`,
    '',
    ...(Object.keys(report.changeFailure).length > 0
      ? [
          '| service | deploys | incidents caused | change failure rate |',
          '|---|---:|---:|---:|',
          ...Object.entries(report.changeFailure).map(
            ([s, c]) => `| ${s} | ${c.deploys} | ${c.failed.length} | ${pct(c.rate)} |`,
          ),
          '',
        ]
      : ['No deploys known to warroom in this window.', '']),
    '## Follow-ups',
    '',
    `${report.followUps.done} of ${report.followUps.total} done (${pct(report.followUps.completion)}); open ones are ${time(report.followUps.openAgeMedianMs)} old at the median.`,
    '',
  ];
  return lines.join('\n');
}

function csvCell(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function reportCsv(report: Report): string {
  const rows: (string | number)[][] = [['section', 'group', 'figure', 'value', 'incidents']];
  for (const s of SEVERITIES)
    rows.push(['incidents', s, 'count', report.bySeverity[s].length, report.bySeverity[s].join(' ')]);
  for (const [svc, list] of Object.entries(report.byService))
    rows.push(['incidents', svc, 'count', list.length, list.join(' ')]);
  for (const kind of DURATION_KINDS) {
    for (const [group, s] of Object.entries(report.durations[kind])) {
      rows.push([kind, group, 'median_ms', s.median ?? '', s.incidents.join(' ')]);
      rows.push([kind, group, 'p90_ms', s.p90 ?? '', s.incidents.join(' ')]);
    }
  }
  rows.push(['deploys', 'all', 'caused_by_deploy', report.causedByDeploy.length, report.causedByDeploy.join(' ')]);
  rows.push([
    'deploys',
    'all',
    'ended_with_rollback',
    report.endedWithRollback.length,
    report.endedWithRollback.join(' '),
  ]);
  for (const [svc, c] of Object.entries(report.changeFailure))
    rows.push(['change_failure', svc, 'rate', c.rate ?? '', c.failed.join(' ')]);
  rows.push([
    'follow_ups',
    'all',
    'completion',
    report.followUps.completion ?? '',
    report.followUps.incidents.join(' '),
  ]);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

export function reportJson(report: Report): string {
  return `${JSON.stringify({ ...report, since: new Date(report.since).toISOString(), until: new Date(report.until).toISOString() }, null, 2)}\n`;
}

export function formatReport(report: Report, format: ReportFormat): string {
  if (format === 'md') return reportMarkdown(report);
  if (format === 'html') return reportHtml(report);
  if (format === 'csv') return reportCsv(report);
  return reportJson(report);
}
