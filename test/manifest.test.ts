import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_PATH, PROJECT_ROOT } from '../src/paths.js';
import { readManifest } from '../src/sandbox/manifest.js';
import { METHODS } from '../src/sandbox/web-api.js';
import { Workspace } from '../src/sandbox/workspace.js';

/** Bot scopes that event subscriptions need (Slack's Events API reference); `null`: none. */
const EVENT_SCOPES: Record<string, string | null> = {
  app_home_opened: null,
  pin_added: 'pins:read',
  pin_removed: 'pins:read',
  reaction_added: 'reactions:read',
  reaction_removed: 'reactions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  member_joined_channel: 'channels:read',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'sandbox' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every Web API method warroom's own code calls (`client.chat.postMessage(`, `slack.pins.add(` …). */
function calledMethods(): string[] {
  const methods = new Set<string>();
  for (const file of sourceFiles(join(PROJECT_ROOT, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:client|slack)\.([a-z]+)\.([a-zA-Z]+)\(/g)) {
      if (match[1] !== 'app') methods.add(`${match[1]}.${match[2]}`);
    }
  }
  return [...methods].sort();
}

/** Scopes a method can need, for public and private channels alike (incidents can be private). */
function scopesFor(method: string): string[][] {
  const spec = METHODS[method];
  if (!spec) throw new Error(`the emulator does not implement ${method}, so tests cannot cover it`);
  const ws = new Workspace();
  const open = ws.createChannel({ name: 'pub', isPrivate: false, creator: 'U0DANA0001' });
  const closed = ws.createChannel({ name: 'priv', isPrivate: true, creator: 'U0DANA0001' });
  return [
    spec.scopes({ channel: open.id, is_private: 'false' }, ws),
    spec.scopes({ channel: closed.id, is_private: 'true' }, ws),
  ];
}

describe('manifest.yml', () => {
  const manifest = readManifest(MANIFEST_PATH);

  it('should grant a scope for every Web API method warroom calls, in public and private channels', () => {
    const missing: string[] = [];
    for (const method of calledMethods()) {
      for (const needed of scopesFor(method)) {
        if (needed.length > 0 && !needed.some((scope) => manifest.scopes.includes(scope))) {
          missing.push(`${method} needs one of ${needed.join(', ')}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('should ask for no scope that nothing uses', () => {
    const used = new Set<string>(['commands']);
    for (const method of calledMethods()) for (const needed of scopesFor(method)) for (const s of needed) used.add(s);
    for (const event of manifest.events) {
      const scope = EVENT_SCOPES[event];
      if (scope !== null) used.add(scope ?? `unknown event ${event}`);
    }
    expect(manifest.scopes.filter((scope) => !used.has(scope))).toEqual([]);
  });

  it('should declare /incident with escaping on, so mentions arrive as ids', () => {
    expect(manifest.commands).toEqual([{ command: '/incident', shouldEscape: true }]);
  });

  it('should subscribe only to events whose scope it has', () => {
    for (const event of manifest.events) {
      expect(Object.hasOwn(EVENT_SCOPES, event), event).toBe(true);
      const scope = EVENT_SCOPES[event];
      if (scope !== null) expect(manifest.scopes).toContain(scope);
    }
  });
});
