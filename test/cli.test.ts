import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';
import { type Harness, startHarness } from './support/harness.js';
import { channelOf, logOf, waitForValue } from './support/incident.js';

function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/warroom.js', ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npx warroom export', () => {
  let h: Harness;
  let id: string;
  let channelId: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness();
    const answer = await h.emulator.user('dana').command('declare sev2 Queue backlog growing');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channelId = (await channelOf(h, id)).id;
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'BoardPosted'));
    env = { REDIS_URL: inject('redisUrl'), WARROOM_KEY_PREFIX: h.prefix };
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should write the Markdown timeline of an incident to stdout', async () => {
    const result = await cli(['export', id, '--format', 'md', '--tz', 'Europe/Madrid'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`# Postmortem: ${id} — Queue backlog growing`);
    expect(result.stdout).toContain('Europe/Madrid');
  });

  it('should find the incident by its channel id too, and write JSON', async () => {
    const result = await cli(['export', channelId, '--format', 'json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ incident: { id } });
  });

  it.each([
    [['export', 'INC-999', '--format', 'md'], 'no incident INC-999'],
    [['export', 'INC-1', '--format', 'pdf'], 'unknown format "pdf"; use --format md, html, json, csv'],
    [['export', 'INC-1', '--format', 'md', '--tz', 'Mars/Olympus'], 'unknown time zone "Mars/Olympus"'],
    [['explode'], 'unknown command "explode"'],
    [[], 'warroom export <incident id | channel id>'],
    [['freeze', 'thaw'], 'usage: warroom freeze check'],
  ])('should refuse %j with exit code 2 and say why', async (args, message) => {
    const result = await cli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('should exit 1 and say so when Redis cannot be reached', async () => {
    const result = await cli(['export', id, '--format', 'md'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
  });
});
