import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromSlackText, mrkdwn, truncate } from '../../src/slack/text.js';

describe('fromSlackText', () => {
  it.each([
    ['<@U1|dana> is commander', '@dana is commander'],
    ['ping <@U1>', 'ping @U1'],
    ['see <#C1|general>', 'see #general'],
    ['see <#C1>', 'see #C1'],
    ['see <#C1|>', 'see #C1'],
    ['<!channel> checkout is down', '@channel checkout is down'],
    ['<!here> anyone?', '@here anyone?'],
    ['<!everyone>', '@everyone'],
    ['paging <!subteam^S1|@oncall>', 'paging @oncall'],
    ['paging <!subteam^S1>', 'paging @group'],
    ['at <!date^1764381600^{time}|02:00>', 'at 02:00'],
    ['see <https://status.example.com>', 'see https://status.example.com'],
    ['see <https://status.example.com|status page>', 'see status page (https://status.example.com)'],
    ['see <https://status.example.com|https://status.example.com>', 'see https://status.example.com'],
    ['<https://grafana.example.com/d/x?a=1&amp;b=2|dashboard>', 'dashboard (https://grafana.example.com/d/x?a=1&b=2)'],
    ['5xx &gt; 1% &amp;&amp; p99 &lt; 2s', '5xx > 1% && p99 < 2s'],
    ['typed &lt;!channel&gt; literally', 'typed <!channel> literally'],
    ['&amp;lt; stays escaped text', '&lt; stays escaped text'],
    ['plain words', 'plain words'],
  ])('should read %j as %j', (escaped, plain) => {
    expect(fromSlackText(escaped)).toBe(plain);
  });

  // Slack turns a typed e-mail address into `<mailto:addr|addr>`; the address should read once, as typed.
  it('should read an e-mail address Slack auto-linked as the address alone', () => {
    expect(fromSlackText('mail <mailto:dana@example.com|dana@example.com>')).toBe('mail dana@example.com');
  });
});

describe('mrkdwn', () => {
  it.each([
    ['<!channel> a & b', '&lt;!channel&gt; a &amp; b'],
    ['<@U1>', '&lt;@U1&gt;'],
    ['<https://evil.example.com|bank>', '&lt;https://evil.example.com|bank&gt;'],
    ['&lt; already escaped', '&amp;lt; already escaped'],
    ['*bold* _it_ `code`', '*bold* _it_ `code`'],
  ])('should make %j safe as %j', (plain, safe) => {
    expect(mrkdwn(plain)).toBe(safe);
  });

  it('should give back what was typed after a round trip through Slack escaping', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (plain) => {
        expect(fromSlackText(mrkdwn(plain))).toBe(plain);
      }),
      { numRuns: 1000 },
    );
  });

  it('should never leave a < or > that could form a mention or link, whatever the text', () => {
    const tricky = fc.string({ unit: fc.constantFrom('<', '>', '&', '!', '@', '|', 'channel', 'lt;', 'gt;', 'a') });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), tricky), (plain) => {
        const safe = mrkdwn(plain);
        expect(safe).not.toContain('<');
        expect(safe).not.toContain('>');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven char', 10, 'eleven ch…'],
    ['😀😀😀', 3, '😀😀😀'],
    ['😀😀😀', 2, '😀…'],
    ['🔴 SEV1 down', 6, '🔴 SEV…'],
    ['abc', 1, '…'],
  ])('should cut %j to %i characters as %j', (text, max, cut) => {
    expect(truncate(text, max)).toBe(cut);
  });

  it('should never cut a code point in half nor exceed the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.integer({ min: 1, max: 60 }), (text, max) => {
        const cut = truncate(text, max);
        expect([...cut].length).toBeLessThanOrEqual(max);
        expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
        if ([...text].length <= max) expect(cut).toBe(text);
        else expect(cut.endsWith('…')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fromSlackText on what anyone can post', () => {
  // A Slack message can be 40,000 characters; every edited one in every channel the bot is in is read.
  it.each([
    ['unclosed mentions', '<@'.repeat(20_000)],
    ['unclosed labelled mentions', '<@U1|'.repeat(8_000)],
    ['unclosed links', '<http:'.repeat(6_600)],
    ['one long unclosed mention', `<@${'U'.repeat(39_998)}`],
  ])('should read a 40,000-character message of %s as the text it is', (_label, text) => {
    expect(fromSlackText(text)).toBe(text);
  });
});
