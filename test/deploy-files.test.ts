/**
 * The Dockerfile and docker-compose.yml cannot be run here (no Docker engine), so they are read: what
 * they say must match what warroom needs and what the other tests run (the Redis settings of the fault
 * suite, a password on Redis, nothing secret in the build context).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../src/paths.js';

const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), 'utf8');

describe('the container files', () => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string> }>;
  };

  it('should run Redis with AOF every second, noeviction and a password that warroom connects with', () => {
    const command = compose.services.redis?.command ?? [];
    const flag = (name: string) => command[command.indexOf(name) + 1];
    expect(flag('--appendonly')).toBe('yes');
    expect(flag('--appendfsync')).toBe('everysec');
    expect(flag('--maxmemory-policy')).toBe('noeviction');
    expect(flag('--requirepass')).toMatch(/^\$\{REDIS_PASSWORD:\?/);
    expect(compose.services.warroom?.environment?.REDIS_URL).toMatch(
      /^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379$/,
    );
  });

  it('should build and run on the current Node LTS, without build scripts in the production install', () => {
    const dockerfile = read('Dockerfile');
    const images = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(images).toEqual(['node:24-bookworm-slim', 'node:24-bookworm-slim']);
    expect(dockerfile).toContain('npm ci --omit=dev --no-audit --no-fund --ignore-scripts');
    for (const needed of ['templates', 'manifest.yml', 'bin', 'dist'])
      expect(dockerfile).toMatch(new RegExp(`COPY .*${needed}`));
  });

  it('should keep .env, node_modules and build output out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['.env', 'node_modules', 'dist', 'out']) expect(ignored).toContain(entry);
    expect(ignored).toContain('!.env.example');
  });
});
