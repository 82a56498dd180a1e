import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bucketsFor, CHANNEL_BURST, METHOD_TIERS, tierOf } from '../../../src/slack/pacing/tiers.js';

/**
 * Slack's method → tier table (slackapi/java-slack-sdk), as the project's tests keep it: the copy in
 * test/sandbox/fixtures, checked here against the Slack contract when that is at hand (../shared).
 */
const COPY = fileURLToPath(new URL('../../sandbox/fixtures/java-sdk-rate_limit_tiers.json', import.meta.url));
const ORIGINAL = fileURLToPath(
  new URL('../../../../shared/slack-contract/java-sdk-rate_limit_tiers.json', import.meta.url),
);
const slackTable = JSON.parse(readFileSync(COPY, 'utf8')) as Record<string, string>;

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe("the budget's tier table", () => {
  it.runIf(existsSync(ORIGINAL))("should read the same table as Slack's contract holds", () => {
    expect(slackTable).toEqual(JSON.parse(readFileSync(ORIGINAL, 'utf8')));
  });

  it("should give each method the tier Slack's table gives it", () => {
    const wrong = Object.entries(METHOD_TIERS).filter(([method, tier]) => slackTable[method] !== tier);
    expect(wrong).toEqual([]);
  });

  it('should know every Web API method the jobs call (outside the emulator)', () => {
    const called = new Set<string>();
    for (const file of sources(SRC).filter((f) => !f.includes('/sandbox/'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:ctx\.slack|client)\.([a-z]+)\.([a-zA-Z]+)\(/g))
        called.add(`${match[1]}.${match[2]}`);
    }
    expect(called).toContain('files.getUploadURLExternal');
    expect(called.size).toBeGreaterThan(10);
    expect([...called].filter((method) => !(method in METHOD_TIERS))).toEqual([]);
  });

  it('should pace a method Slack publishes no tier for as Tier 3', () => {
    expect(tierOf('warroom.madeUp')).toBe('Tier3');
  });
});

describe('the buckets of a call', () => {
  it.each([
    ['conversations.create', 20, 10],
    ['conversations.setTopic', 20, 10],
    ['chat.update', 50, 25],
    ['users.info', 100, 50],
  ])('should give %s its tier: %i a minute, %i at once', (method, perMinute, burst) => {
    expect(bucketsFor(method, { channel: 'C1' })).toEqual([{ name: method, perMinute, burst }]);
  });

  it("should take a chat.postMessage from the workspace's allowance and its channel's, under one a second", () => {
    expect(bucketsFor('chat.postMessage', { channel: 'C1', text: 'x' })).toEqual([
      { name: 'chat.postMessage', perMinute: 300, burst: 150 },
      { name: 'chat.postMessage:C1', perMinute: 50, burst: CHANNEL_BURST },
    ]);
  });
});
