import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';

describe('npm run demo', () => {
  it('should play the drill against the local Slack and GitHub and write the Markdown and HTML postmortem to ./out', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'warroom-demo-'));
    const child = spawn(
      process.execPath,
      ['--import', join(PROJECT_ROOT, 'node_modules/tsx/dist/esm/index.mjs'), join(PROJECT_ROOT, 'src/demo/main.ts')],
      {
        cwd,
        env: { PATH: process.env.PATH ?? '', REDIS_URL: inject('redisUrl'), DEMO_PACE_MS: '50' },
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain('Lee accepts; the role moves only now');
    expect(output).toMatch(/Postmortem written to: out\/inc-1-postmortem\.md, out\/inc-1-postmortem\.html/);
    const md = readFileSync(join(cwd, 'out/inc-1-postmortem.md'), 'utf8');
    expect(md).toContain('# Postmortem: INC-1 — Checkout payments failing');
    expect(md).toContain('Lee Chen');
    expect(md).toMatch(/Impact start set to .*, 0 min before the declare/);
    const rows = md.split('\n').filter((line) => line.startsWith('| 20'));
    const actorsOf = (pattern: RegExp) => rows.filter((row) => pattern.test(row)).map((row) => row.split(' | ')[3]);
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
    // What GitHub itself received, as the demo reports it from the emulator's recorded calls.
    expect(output).toMatch(/GitHub: 1 workflow dispatch \(rollback\.yml on main with version=2026\.11\.28-2 → 2\d\d\)/);
    expect(output).not.toContain('problems:');
    const html = readFileSync(join(cwd, 'out/inc-1-postmortem.html'), 'utf8');
    for (const phase of ['identify', 'rollback', 'communicate']) expect(html).toContain(`data-phase="${phase}"`);
    expect(existsSync(join(cwd, 'out'))).toBe(true);
  }, 90_000);
});
