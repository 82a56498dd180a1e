/**
 * @module test/demo/main
 * `npm run demo` as a user runs it: the walkthrough's night on a scripted clock, through the Slack, GitHub and
 * Prometheus emulators, and the postmortem it writes, read as Markdown and as Chromium shows the HTML.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { offlineBrowser, RUN_BROWSER_CHECKS } from '../support/chromium.js';

interface DemoRun {
  code: number | null;
  output: string;
  cwd: string;
  seconds: number;
}

/** Runs src/demo/main.ts the way `npm run demo` does (tsx), in a fresh directory, with only PATH and REDIS_URL. */
async function runDemo(): Promise<DemoRun> {
  const cwd = mkdtempSync(join(tmpdir(), 'warroom-demo-'));
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', join(PROJECT_ROOT, 'node_modules/tsx/dist/esm/index.mjs'), join(PROJECT_ROOT, 'src/demo/main.ts')],
    { cwd, env: { PATH: process.env.PATH ?? '', REDIS_URL: inject('redisUrl') } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, output, cwd, seconds: (performance.now() - started) / 1000 };
}

/** Minutes from one `HH:mm` of the night to another. */
function minutesBetween(from: string, to: string): number {
  const minutes = (time: string) => {
    const [h, m] = time.split(':').map(Number) as [number, number];
    return h * 60 + m;
  };
  return minutes(to) - minutes(from);
}

/** One run for the whole file: the Markdown, the output and the HTML are read from the same night. */
let demo: Promise<DemoRun> | undefined;
const demoRun = () => {
  demo ??= runDemo();
  return demo;
};

afterAll(async () => {
  if (demo) rmSync((await demo).cwd, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('should play the drill against the local Slack, GitHub and Prometheus and write the postmortem to ./out', async () => {
    const { code, output, cwd } = await demoRun();
    expect(code, output).toBe(0);
    expect(output).toContain('Lee accepts; the role moves only now');
    expect(output).toMatch(/Postmortem written to: out\/inc-1-postmortem\.md, out\/inc-1-postmortem\.html/);
    const md = readFileSync(join(cwd, 'out/inc-1-postmortem.md'), 'utf8');
    expect(md).toContain('# Postmortem: INC-1 — Checkout payments failing');
    expect(md).toContain('Lee Chen');
    const rows = md.split('\n').filter((line) => line.startsWith('| 20'));
    const actorsOf = (pattern: RegExp) => rows.filter((row) => pattern.test(row)).map((row) => row.split(' | ')[3]);
    // Set from warroom's offer, with what the metric showed as its evidence.
    expect(
      actorsOf(
        /Impact start set to 2026-11-28 03:06:00 GMT\+1 .*, 6 min before the declare, by the metric: checkout error rate unhealthy from 03:06/,
      ),
    ).toEqual(['Dana Whitfield']);
    // Named with [Suspect] on the changes card (a SuspectNamed event), not typed into the step.
    expect(
      actorsOf(
        /Suspect named by Raj Patel: payments-api 2026\.11\.28-3 \(4f2a1c9\) by priya; before it: 2026\.11\.28-2/,
      ),
    ).toEqual(['Raj Patel']);
    expect(
      actorsOf(
        /Step 3 done: Name the suspect change — Suspect change \(id or link\): payments-api 2026\.11\.28-3 \(4f2a1c9\)/,
      ),
    ).toEqual(['Raj Patel']);
    expect(md).not.toContain('payments-api release 2026.11.28-3');
    expect(
      actorsOf(
        /Rollback of payments-api to 2026\.11\.28-2 confirmed by Raj Patel: .*workflow rollback\.yml on main of acme\/payments-api with version=2026\.11\.28-2/,
      ),
    ).toEqual(['Raj Patel']);
    expect(actorsOf(/Rollback started/)).toEqual(['warroom']);
    expect(actorsOf(/Rollback deployed: payments-api 2026\.11\.28-2/)).toEqual(['warroom']);
    expect(actorsOf(/Step 7 done: Confirm the rollback is deployed/)).toEqual(['warroom']);
    expect(md).toMatch(/\| 7 \| Confirm the rollback is deployed \| Ops \| Done \| warroom \|/);
    // The recovery is warroom's, from the metric; Raj completes the step from it.
    expect(actorsOf(/Impact ended: checkout error rate healthy from here/)).toEqual(['warroom']);
    expect(actorsOf(/Step 8 done: Verify recovery on the key metric — .*healthy from 03:41/)).toEqual(['Raj Patel']);
    // Every draft posted, with the gaps warroom leaves for a person filled in.
    for (const step of ['First internal update', 'First status-page message', 'All-clear']) {
      expect(md).toMatch(new RegExp(`\\| \\d+ \\| ${step} \\| Comms \\| Done \\| Sam Okafor \\|`));
    }
    expect(output).toMatch(/GitHub: 1 workflow dispatch \(rollback\.yml on main with version=2026\.11\.28-2 → 2\d\d\)/);
    expect(output).not.toContain('problems:');
  }, 90_000);

  it('should print the key durations with their definitions, and take seconds for the two hours', async () => {
    const run = await demoRun();
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('time to detect: 6 min (impact start → declare)');
    expect(run.output).toContain('time to identify: 15 min (impact start → the first suspect named');
    expect(run.output).toContain(
      'time to mitigate: 35 min (impact start → impact ended, by the key metric checkout error rate (payments-api): its first healthy minute)',
    );
    expect(run.output).toContain('time to resolve: 1 h 34 min (impact start → resolved)');
    expect(run.seconds).toBeLessThan(60);
  }, 90_000);
});

describe.runIf(RUN_BROWSER_CHECKS)('the HTML postmortem of npm run demo, in Chromium', () => {
  let browser: Awaited<ReturnType<typeof offlineBrowser>>;
  let text: string;

  beforeAll(async () => {
    browser = await offlineBrowser();
    const { context } = browser;
    const run = await demoRun();
    expect(run.code, run.output).toBe(0);
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(run.cwd, 'out/inc-1-postmortem.html')).href, { waitUntil: 'load' });
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what a reader sees, hidden parts left out.
    text = await page.innerText('body');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('should show the night of the walkthrough: declared 03:12, suspect 03:21, rollback 03:24, recovery 03:41, handoff 04:06, resolved 04:40', () => {
    expect(text).toMatch(/Impact started\s+Sat 28 Nov 03:06 GMT\+1/);
    expect(text).toMatch(/Declared\s+Sat 28 Nov 03:12 GMT\+1 by Dana Whitfield/);
    expect(text).toMatch(/Named the suspect\s+Sat 28 Nov 03:21 GMT\+1 \(T\+00:15\) by Raj Patel/);
    expect(text).toMatch(/Requested\s+Sat 28 Nov 03:24 GMT\+1 \(T\+00:18\) by Raj Patel/);
    expect(text).toMatch(/Deployed\s+Sat 28 Nov 03:24 GMT\+1/);
    expect(text).toMatch(/03:41:00 GMT\+1\s+T\+00:35\s+warroom\s+Impact ended: checkout error rate healthy from here/);
    expect(text).toMatch(
      /Commander\s+Dana Whitfield\s+Lee Chen\s+Sat 28 Nov 04:05 GMT\+1\s+Sat 28 Nov 04:06 GMT\+1\s+Accepted/,
    );
    expect(text).toMatch(/Resolved\s+Sat 28 Nov 04:40 GMT\+1/);
    expect(browser.fetched).toEqual([]);
  });

  it('should count the durations from the impact start the metric showed, the time to mitigate to its recovery', () => {
    const mitigate = minutesBetween('03:06', '03:41');
    expect(mitigate).toBe(35);
    expect(text).toMatch(/Time to detect\s+6 min\s+Sat 28 Nov 03:12 GMT\+1\s+impact start → declare/);
    expect(text).toMatch(/Time to identify\s+15 min\s+Sat 28 Nov 03:21 GMT\+1/);
    expect(text).toMatch(
      new RegExp(
        `Time to mitigate\\s+${mitigate} min\\s+Sat 28 Nov 03:41 GMT\\+1\\s+impact start → impact ended, by the key metric checkout error rate \\(payments-api\\): its first healthy minute`,
      ),
    );
    expect(text).toMatch(/Time to resolve\s+1 h 34 min\s+Sat 28 Nov 04:40 GMT\+1/);
    // The metric climbed from its baseline and came back: both are on the timeline.
    expect(text).toMatch(/Baseline of checkout error rate: 0\.\d+% \(the median of the hour before the impact\)/);
    expect(text).toMatch(/checkout error rate unhealthy from 03:06 at [1-9][.\d]*%/);
  });
});
