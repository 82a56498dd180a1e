import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';

describe('npm run demo', () => {
  it('should play the drill against the local Slack and write the Markdown and HTML postmortem to ./out', async () => {
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
    expect(md).toContain('payments-api release 2026.11.28-3 (4f2a1c)');
    expect(md).toContain('Lee Chen');
    const html = readFileSync(join(cwd, 'out/inc-1-postmortem.html'), 'utf8');
    for (const phase of ['identify', 'rollback', 'communicate']) expect(html).toContain(`data-phase="${phase}"`);
    expect(existsSync(join(cwd, 'out'))).toBe(true);
  }, 90_000);
});
