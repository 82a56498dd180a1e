import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  POST_MESSAGE_BURST,
  POST_MESSAGE_WORKSPACE_PER_MINUTE,
  RateTiers,
  SLACK_TIERS,
  tierOf,
} from '../../src/sandbox/rate-tiers.js';
import { METHODS } from '../../src/sandbox/web-api.js';

/** A verbatim copy of /work/shared/slack-contract/java-sdk-rate_limit_tiers.json (slackapi/java-slack-sdk). */
const slackTable = JSON.parse(
  readFileSync(new URL('./fixtures/java-sdk-rate_limit_tiers.json', import.meta.url), 'utf8'),
) as Record<string, string>;

let clock = 0;
let tiers: RateTiers;

/** Calls `method` `times` times at the current fake time; the Retry-After of each refused call, undefined when served. */
function callTimes(method: string, times: number, args: Record<string, unknown> = {}): (number | undefined)[] {
  return Array.from({ length: times }, () => tiers.admit(method, args)?.retryAfter);
}

beforeEach(() => {
  clock = 1_000_000;
  tiers = new RateTiers({ now: () => clock });
  tiers.setEnabled(true);
});

describe("the emulator's tier table", () => {
  it("should give every method the emulator serves the tier Slack's table gives it", () => {
    const wrong = Object.keys(METHODS)
      .filter((method) => SLACK_TIERS[method] !== slackTable[method])
      .map((method) => `'${method}': '${slackTable[method] ?? 'not in Slack table'}'`);
    expect(wrong, 'copy these lines into SLACK_TIERS in src/sandbox/rate-tiers.ts').toEqual([]);
  });

  it("should copy every special tier from Slack's table, and nothing that is not in it", () => {
    for (const [method, tier] of Object.entries(SLACK_TIERS))
      expect([method, tier]).toEqual([method, slackTable[method]]);
    const special = Object.keys(slackTable).filter((method) => slackTable[method]?.startsWith('SpecialTier'));
    expect(special.every((method) => method in SLACK_TIERS)).toBe(true);
  });

  it('should treat a method Slack publishes no tier for as Tier 3', () => {
    expect(tierOf('warroom.madeUp')).toBe('Tier3');
    expect(callTimes('warroom.madeUp', 51).filter((r) => r !== undefined)).toHaveLength(1);
  });
});

describe('rate tiers', () => {
  it('should serve 20 conversations.create at once and refuse the 21st for 3 seconds (Tier 2)', () => {
    const answers = callTimes('conversations.create', 21);
    expect(answers.slice(0, 20)).toEqual(Array(20).fill(undefined));
    expect(answers[20]).toBe(3);
    clock += 2999;
    expect(tiers.admit('conversations.create', {})).toEqual({ retryAfter: 1 });
    clock += 1;
    expect(tiers.admit('conversations.create', {})).toBeUndefined();
    expect(tiers.admit('conversations.create', {})).toEqual({ retryAfter: 3 });
  });

  it.each([
    ['apps.connections.open', 1, 60],
    ['chat.update', 50, 2],
    ['views.open', 100, 1],
    ['auth.test', 600, 1],
    ['chat.getPermalink', 600, 1],
    ['chat.postEphemeral', 100, 1],
  ])('should serve %s %i times in a burst, then ask to retry after %i s', (method, burst, retryAfter) => {
    const answers = callTimes(method, burst + 1);
    expect(answers.filter((r) => r === undefined)).toHaveLength(burst);
    expect(answers[burst]).toBe(retryAfter);
  });

  it('should not let a refused call use up the allowance', () => {
    callTimes('apps.connections.open', 5);
    clock += 60_000;
    expect(tiers.admit('apps.connections.open', {})).toBeUndefined();
  });

  it('should keep each method to its own allowance', () => {
    callTimes('conversations.create', 20);
    expect(tiers.admit('conversations.create', {})).toBeDefined();
    expect(tiers.admit('conversations.setTopic', {})).toBeUndefined();
  });

  it('should refill continuously, not all at once at the end of a minute', () => {
    callTimes('conversations.create', 20);
    clock += 30_000;
    expect(callTimes('conversations.create', 11).filter((r) => r === undefined)).toHaveLength(10);
  });
});

describe('chat.postMessage', () => {
  it('should allow a short burst per channel, then about one message a second, leaving other channels alone', () => {
    const answers = callTimes('chat.postMessage', POST_MESSAGE_BURST + 1, { channel: 'C1' });
    expect(answers).toEqual([...Array(POST_MESSAGE_BURST).fill(undefined), 1]);
    expect(tiers.admit('chat.postMessage', { channel: 'C2' })).toBeUndefined();
    clock += 1000;
    expect(tiers.admit('chat.postMessage', { channel: 'C1' })).toBeUndefined();
    expect(tiers.admit('chat.postMessage', { channel: 'C1' })).toEqual({ retryAfter: 1 });
  });

  it('should stop at several hundred a minute across the workspace, however many channels', () => {
    const answers = Array.from(
      { length: POST_MESSAGE_WORKSPACE_PER_MINUTE + 1 },
      (_, i) => tiers.admit('chat.postMessage', { channel: `C${i}` })?.retryAfter,
    );
    expect(answers.filter((r) => r === undefined)).toHaveLength(POST_MESSAGE_WORKSPACE_PER_MINUTE);
    expect(answers.at(-1)).toBe(1);
  });

  it('should not spend a channel allowance on a message the workspace limit refused', () => {
    for (let i = 0; i < POST_MESSAGE_WORKSPACE_PER_MINUTE; i++) tiers.admit('chat.postMessage', { channel: `C${i}` });
    expect(callTimes('chat.postMessage', 5, { channel: 'CFRESH' }).every((r) => r !== undefined)).toBe(true);
    clock += 1000;
    expect(callTimes('chat.postMessage', POST_MESSAGE_BURST, { channel: 'CFRESH' })).toEqual(
      Array(POST_MESSAGE_BURST).fill(undefined),
    );
  });
});

describe('the 429 count', () => {
  it('should count the refused calls, in total and per method', () => {
    callTimes('conversations.create', 22);
    callTimes('chat.postMessage', POST_MESSAGE_BURST + 1, { channel: 'C1' });
    expect(tiers.count()).toEqual({ total: 3, byMethod: { 'conversations.create': 2, 'chat.postMessage': 1 } });
  });

  it('should refuse nothing and count nothing when the tiers are off', () => {
    tiers.setEnabled(false);
    expect(callTimes('apps.connections.open', 10).every((r) => r === undefined)).toBe(true);
    expect(tiers.count()).toEqual({ total: 0, byMethod: {} });
  });

  it('should start with full allowances when turned back on, keeping the count', () => {
    callTimes('apps.connections.open', 2);
    tiers.setEnabled(false);
    tiers.setEnabled(true);
    expect(tiers.admit('apps.connections.open', {})).toBeUndefined();
    expect(tiers.count().total).toBe(1);
  });
});
