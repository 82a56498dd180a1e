/**
 * @module report/html
 * The cross-incident report as one HTML file: the figures of the Markdown report as tables, and two SVG
 * charts (incidents per month, stacked by severity; median and p90 time to resolve by severity). No
 * script, no request: a Content-Security-Policy forbids both, as in the postmortem. Pure.
 */
import { escapeMarkup as e, el, text } from '../export/chart-svg.js';
import { documentHead } from '../export/html-style.js';
import { formatDuration } from '../incident/durations.js';
import { SEVERITIES, type Severity, severityLabel } from '../incident/severity.js';
import type { Report } from './figures.js';
import { reportMarkdown } from './format.js';

const COLORS: Record<Severity, string> = { sev1: '#dc2626', sev2: '#ea580c', sev3: '#ca8a04', sev4: '#2563eb' };
const W = 720;
const H = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };

/** Bars per month, stacked by severity, each with its count in a `<title>`. */
export function monthsChart(report: Report): string {
  const months = Object.keys(report.byMonth).sort();
  const totals = months.map((m) => SEVERITIES.reduce((n, s) => n + (report.byMonth[m]?.[s].length ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, months.length);
  const bars: string[] = [];
  months.forEach((m, i) => {
    let y = PAD.top + plotH;
    for (const s of SEVERITIES) {
      const n = report.byMonth[m]?.[s].length ?? 0;
      if (n === 0) continue;
      const h = (n / max) * plotH;
      y -= h;
      bars.push(
        el(
          'rect',
          { class: `bar ${s}`, x: PAD.left + i * slot + slot * 0.15, y, width: slot * 0.7, height: h, fill: COLORS[s] },
          el('title', {}, e(`${m}: ${n} ${severityLabel(s)}`)),
        ),
      );
    }
    bars.push(
      text(PAD.left + i * slot + slot / 2, H - PAD.bottom + 18, m, { 'text-anchor': 'middle', 'font-size': 12 }),
    );
    bars.push(
      text(PAD.left + i * slot + slot / 2, y - 4, String(totals[i]), { 'text-anchor': 'middle', 'font-size': 11 }),
    );
  });
  return el(
    'svg',
    {
      class: 'chart months',
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      role: 'img',
      'aria-label': 'Incidents per month by severity',
    },
    [
      el('line', { x1: PAD.left, y1: PAD.top + plotH, x2: W - PAD.right, y2: PAD.top + plotH, stroke: '#9ca3af' }),
      ...bars,
    ].join(''),
  );
}

/** Median (solid) and p90 (light) time to resolve per severity, in hours. */
export function resolveChart(report: Report): string {
  const stats = SEVERITIES.map((s) => ({ s, stat: report.durations.resolve[s] }));
  const max = Math.max(1, ...stats.map(({ stat }) => stat?.p90 ?? 0));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / SEVERITIES.length;
  const parts: string[] = [];
  stats.forEach(({ s, stat }, i) => {
    const x = PAD.left + i * slot;
    for (const [which, value, opacity, offset] of [
      ['p90', stat?.p90 ?? 0, 0.35, 0.15],
      ['median', stat?.median ?? 0, 1, 0.5],
    ] as const) {
      if (value <= 0) continue;
      const h = (value / max) * plotH;
      parts.push(
        el(
          'rect',
          {
            class: `bar ${which}`,
            x: x + slot * offset,
            y: PAD.top + plotH - h,
            width: slot * 0.35,
            height: h,
            fill: COLORS[s],
            'fill-opacity': opacity,
          },
          el('title', {}, e(`${severityLabel(s)} ${which}: ${formatDuration(value)} (${stat?.n ?? 0} resolved)`)),
        ),
      );
    }
    parts.push(text(x + slot / 2, H - PAD.bottom + 18, severityLabel(s), { 'text-anchor': 'middle', 'font-size': 12 }));
  });
  return el(
    'svg',
    {
      class: 'chart resolve',
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      role: 'img',
      'aria-label': 'Time to resolve by severity, median and p90',
    },
    [
      el('line', { x1: PAD.left, y1: PAD.top + plotH, x2: W - PAD.right, y2: PAD.top + plotH, stroke: '#9ca3af' }),
      ...parts,
    ].join(''),
  );
}

/** Markdown tables → HTML tables (the report's own, simple tables: no markup inside cells). */
function tablesOf(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.startsWith('# ')) continue;
    if (line.startsWith('## ')) out.push(`<h2>${e(line.slice(3))}</h2>`);
    else if (line.startsWith('|') && lines[i + 1]?.startsWith('|---')) {
      const cells = (row: string) =>
        row
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim());
      const head = cells(line)
        .map((c) => `<th>${e(c)}</th>`)
        .join('');
      const rows: string[] = [];
      for (i += 2; i < lines.length && lines[i]?.startsWith('|'); i += 1) {
        rows.push(
          `<tr>${cells(lines[i] as string)
            .map((c) => `<td>${e(c)}</td>`)
            .join('')}</tr>`,
        );
      }
      i -= 1;
      out.push(
        `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`,
      );
    } else if (line.trim()) out.push(`<p>${e(line)}</p>`);
  }
  return out.join('\n');
}

export function reportHtml(report: Report): string {
  const title = `Incidents ${new Date(report.since).toISOString().slice(0, 10)} – ${new Date(report.until).toISOString().slice(0, 10)}${report.service ? ` (${report.service})` : ''}`;
  return `${documentHead(e(title), '\nsvg.chart { max-width: 100%; height: auto; display: block; margin: 0.5rem 0 1.5rem; }')}
<h1>${e(title)}</h1>
<section><h2>Incidents per month, by severity</h2><figure>${monthsChart(report)}<figcaption>${SEVERITIES.map((s) => `${severityLabel(s)} ${report.bySeverity[s].length}`).join(' · ')}</figcaption></figure></section>
<section><h2>Time to resolve by severity</h2><figure>${resolveChart(report)}<figcaption>Solid: median; light: p90.</figcaption></figure></section>
${tablesOf(reportMarkdown(report))}
</body>
</html>
`;
}
