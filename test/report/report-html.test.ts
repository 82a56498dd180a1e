/**
 * The report as HTML, opened in Chromium (Debian's package) as the postmortem is: no script, no request,
 * no console error; every bar of both charts drawn inside its chart with a positive size and a title
 * saying what it counts; the tables there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/incident/severity.js';
import { replay } from '../../src/incident/state.js';
import { buildReport } from '../../src/report/figures.js';
import { reportHtml } from '../../src/report/html.js';
import { offlineBrowser, RUN_BROWSER_CHECKS } from '../support/chromium.js';
import { SINCE, seed, TZ, UNTIL } from './seed.js';

const incidents = seed(200).map((s) => ({
  log: s.log,
  state: replay(s.log) as NonNullable<ReturnType<typeof replay>>,
}));
const report = buildReport(incidents, { since: SINCE, until: UNTIL, timeZone: TZ });
const html = reportHtml(report);

describe('the HTML report', () => {
  it('should hold no script and allow no request', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain('<th>duration</th>');
  });
});

describe.runIf(RUN_BROWSER_CHECKS)('the HTML report in Chromium', () => {
  let browser: Awaited<ReturnType<typeof offlineBrowser>>;
  beforeAll(async () => {
    browser = await offlineBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('should draw every bar inside its chart, with a title, and show no error', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.setContent(html, { waitUntil: 'load' });
    const expectedBars = Object.values(report.byMonth).reduce(
      (n, row) => n + SEVERITIES.filter((s) => row[s].length > 0).length,
      0,
    );
    for (const [chart, count] of [
      ['months', expectedBars],
      ['resolve', SEVERITIES.reduce((n, s) => n + (report.durations.resolve[s]?.n ? 2 : 0), 0)],
    ] as const) {
      const svg = page.locator(`svg.chart.${chart}`);
      const box = await svg.boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      const bars = svg.locator('rect.bar');
      expect(await bars.count()).toBe(count);
      for (let i = 0; i < count; i += 1) {
        const bar = await bars.nth(i).boundingBox();
        expect(bar && box && bar.width > 0 && bar.height > 0).toBe(true);
        expect(
          bar &&
            box &&
            bar.x >= box.x &&
            bar.y >= box.y - 0.5 &&
            bar.x + bar.width <= box.x + box.width + 0.5 &&
            bar.y + bar.height <= box.y + box.height + 0.5,
        ).toBe(true);
        expect(await bars.nth(i).locator('title').textContent()).toMatch(/\d/);
      }
    }
    // By month, by service, the durations (no deploys were given, so no change-failure table).
    expect(await page.locator('table').count()).toBe(3);
    expect(problems).toEqual([]);
    expect(browser.fetched).toEqual([]);
    await page.close();
  }, 30_000);
});
