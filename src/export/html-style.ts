/** @module export/html-style — the HTML postmortem's stylesheet, for screens narrow and wide and for print. */

/** Inline in the page's `<style>`: the Content-Security-Policy allows no stylesheet from elsewhere. */
export const CSS = `
:root { color-scheme: light; --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --soft: #f7f8fa; --accent: #3d6fb6; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1120px; padding: 24px 20px 48px; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 0.2rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 0 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; overflow-wrap: anywhere; }
section { margin: 2.25rem 0; }
.incident-id { color: var(--muted); font-weight: 600; margin-right: 0.4rem; }
.eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 0.5rem 1.25rem; margin: 0; }
.facts dt { color: var(--muted); font-size: 0.8rem; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.generated, .hint, .meta, figcaption { color: var(--muted); font-size: 0.875rem; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 999px; font-weight: 700; background: #e5e7eb; }
.badge.sev1 { background: #dc2626; color: #fff; } .badge.sev2 { background: #ea580c; color: #fff; }
.badge.sev3 { background: #facc15; color: #111; } .badge.sev4 { background: #2563eb; color: #fff; }
.badge.status-investigating { background: #f6c3c0; } .badge.status-identified { background: #fbd7a1; }
.badge.status-mitigating { background: #f3e48e; } .badge.status-monitoring { background: #b9d3f2; }
.badge.status-resolved { background: #bfe3c6; }
.toc { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 1.25rem 0; padding: 0.5rem 0; border-block: 1px solid var(--line); }
.toc a { color: var(--accent); text-decoration: none; font-size: 0.9rem; }
.prose { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0; }
.empty { color: var(--muted); font-style: italic; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
td.what, td.details, td.reason-cell { overflow-wrap: anywhere; }
thead th { font-size: 0.8rem; color: var(--muted); border-bottom: 2px solid var(--line); }
table.metrics td.value { font-size: 1.15rem; font-weight: 700; white-space: nowrap; }
table.metrics td.what { color: var(--muted); }
.spent { display: flex; flex-wrap: wrap; gap: 0 3rem; }
.spent ul { margin: 0; padding-left: 1.2rem; }
.outcome.accepted { color: #15803d; font-weight: 600; } .outcome.declined, .outcome.expired { color: #b91c1c; }
.tag { font-size: 0.75rem; font-weight: 600; color: var(--accent); border: 1px solid currentColor; border-radius: 4px; padding: 0 0.3rem; }
.step-status.done { color: #15803d; } .step-status.skipped { color: #a16207; } .step-status.blocked { color: #b91c1c; }
.step-status.open { color: var(--muted); }
.input .key { color: var(--muted); }
.reason { font-style: italic; }
.posts { list-style: none; padding: 0; margin: 0; }
.posts li { margin: 0 0 0.9rem; }
.posts .meta { margin: 0; }
blockquote { margin: 0.15rem 0 0; padding: 0.35rem 0.75rem; border-left: 3px solid var(--line); background: var(--soft); }
.chart-figure { margin: 0; }
svg.chart { display: block; width: 100%; height: auto; max-width: 100%; }
table.timeline td:nth-child(-n+3) { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.timeline td:first-child { color: var(--muted); }
table.timeline td:nth-child(5) { overflow-wrap: anywhere; }
table.timeline tr.day th { background: var(--soft); font-size: 0.85rem; padding-top: 0.6rem; }
table.timeline tr.kind-system td { color: var(--muted); }
.change-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }
.change-facts div { display: contents; }
.change-facts dt { color: var(--muted); }
.change-facts dd { margin: 0; overflow-wrap: anywhere; }
.suspect .deploy, .rollback h4, table.deploys td, table.suspects td { overflow-wrap: anywhere; }
.rollback h4 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.rollback-status.deployed { color: #15803d; } .rollback-status.failed { color: #b91c1c; }
.publish-outcome.published { color: #15803d; } .publish-outcome.refused { color: #b91c1c; }
.publish-outcome.requested { color: #a16207; }
table.metrics td.value .source { display: block; font-size: 0.8rem; font-weight: 400; color: var(--muted); white-space: normal; }
.url, .error { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 0.85em; overflow-wrap: anywhere; }
.write-here { min-height: 4rem; border: 1px dashed #d1d5db; border-radius: 6px; }
table.actions td { height: 2.2rem; }
@media (max-width: 700px) {
  body { padding: 16px 12px 32px; font-size: 14px; }
  .change-facts { grid-template-columns: 1fr; }
  .change-facts dd { margin-bottom: 0.3rem; }
  table.timeline td:first-child { white-space: normal; }
}
@page { margin: 14mm 12mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .toc { display: none; }
  section { margin: 1.25rem 0; }
  h2, h3 { break-after: avoid; }
  .table-wrap { overflow: visible; }
  thead { display: table-header-group; }
  tr, .posts li, .chart-figure, .facts div, .suspect, .rollback { break-inside: avoid; }
  #chart, #timeline, .postmortem-start { break-before: page; }
  svg.chart { width: 100%; height: auto; }
  .write-here { min-height: 45mm; }
}
`;

/**
 * The start of a warroom HTML file, up to `<body>`: one file, no script, no request (the
 * Content-Security-Policy forbids both), the stylesheet inline. `title` is escaped already.
 */
export function documentHead(title: string, extraCss = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="warroom">
<title>${title}</title>
<style>${CSS}${extraCss}</style>
</head>
<body>`;
}
