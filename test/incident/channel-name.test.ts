import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelName, DEFAULT_CHANNEL_TEMPLATE, slugify } from '../../src/incident/channel-name.js';
import { channelNameError } from '../../src/sandbox/validate/channel-name.js';

const SLACK_NAME = /^[a-z0-9_-]{1,80}$/;
const values = { date: '20261129', slug: 'checkout-down', id: 'INC-7' };
const nameFor = (title: string, suffix?: number) =>
  channelName(DEFAULT_CHANNEL_TEMPLATE, { ...values, slug: slugify(title) }, suffix);

describe('slugify', () => {
  it.each([
    ['Checkout payments failing', 'checkout-payments-failing'],
    ['Pagos: ¡Checkout caído!', 'pagos-checkout-caido'],
    ['Crème brûlée über Ångström', 'creme-brulee-uber-angstrom'],
    ['Straße gesperrt', 'strasse-gesperrt'],
    ['Ærø færge', 'aero-faerge'],
    ['Søk i Ørsta', 'sok-i-orsta'],
    ['  API 5xx -- 50% (EU/US)  ', 'api-5xx-50-eu-us'],
    ['🔥 DB on fire 🔥', 'db-on-fire'],
    ['snake_case_job', 'snake-case-job'],
    ['ＦＵＬＬＷＩＤＴＨ １２３', 'fullwidth-123'],
    ['決済障害', ''],
    ['🔥🔥🔥', ''],
  ])('should fold %j into %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });
});

describe('channelName', () => {
  it('should fill the default template with the date and the slug', () => {
    expect(nameFor('Checkout payments failing')).toBe('inc-20261129-checkout-payments-failing');
  });

  it.each(['決済障害', '🔥🔥🔥', '!!!', ''])('should fall back to the incident id for the title %j', (title) => {
    expect(nameFor(title)).toBe('inc-20261129-inc-7');
  });

  it.each([
    ['inc-{id}-{slug}', 'inc-inc-7-checkout-down'],
    ['{date}_{slug}', '20261129_checkout-down'],
    ['INC {date} {slug}', 'inc-20261129-checkout-down'],
    ['{slug}-{id}', 'checkout-down-inc-7'],
    ['Incident/{id}/{date}/{slug}', 'incident-inc-7-20261129-checkout-down'],
  ])('should fill the template %j as %j', (template, name) => {
    expect(channelName(template, values)).toBe(name);
  });

  // The config accepts a template with {id} and no {slug}: the title must then stay out of the name.
  it.each([
    ['inc-{id}', 'inc-inc-7'],
    ['{id}-{date}', 'inc-7-20261129'],
  ])('should leave the title out of the template %j, which has no {slug}', (template, name) => {
    expect(channelName(template, values)).toBe(name);
  });

  it.each([
    [undefined, ''],
    [1, ''],
    [2, '-2'],
    [17, '-17'],
  ])('should add the suffix %j as %j', (suffix, end) => {
    expect(channelName(DEFAULT_CHANNEL_TEMPLATE, values, suffix)).toBe(`inc-20261129-checkout-down${end}`);
  });

  it('should cut a long title to exactly 80 characters', () => {
    const name = nameFor('a'.repeat(100));
    expect(name).toBe(`inc-20261129-${'a'.repeat(67)}`);
    expect(name).toHaveLength(80);
  });

  it('should keep the -N suffix inside 80 characters', () => {
    const name = nameFor('a'.repeat(100), 12);
    expect(name).toBe(`inc-20261129-${'a'.repeat(64)}-12`);
    expect(name).toHaveLength(80);
  });

  it.each([
    [undefined, `inc-20261129-${'a'.repeat(66)}`],
    [2, `inc-20261129-${'a'.repeat(64)}-2`],
  ])('should not leave a dash where a cut lands on one (suffix %j)', (suffix, name) => {
    const title = `${'a'.repeat(suffix ? 64 : 66)} bbbb`;
    expect(nameFor(title, suffix)).toBe(name);
  });

  it('should cut a long template too, keeping the suffix', () => {
    const name = channelName(`${'x'.repeat(90)}-{slug}`, values, 3);
    expect(name).toBe(`${'x'.repeat(78)}-3`);
  });

  it('should satisfy Slack for any title, any suffix and any of the usual templates', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom(DEFAULT_CHANNEL_TEMPLATE, 'inc-{id}-{slug}', '{date}_{slug}', '_{slug}_', '{slug}'),
        (title, suffix, template) => {
          const name = channelName(template, { ...values, slug: slugify(title) }, suffix);
          expect(name).toMatch(SLACK_NAME);
          expect(name).not.toMatch(/^-|-$/);
          expect(channelNameError(name)).toBeUndefined();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('should satisfy Slack for any template the config accepts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 50 }),
        fc.string({ unit: 'binary', maxLength: 50 }),
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.integer({ min: 1, max: 50 }),
        (before, after, title, suffix) => {
          const name = channelName(`${before}{slug}${after}`, { ...values, slug: slugify(title) }, suffix);
          expect(name).toMatch(SLACK_NAME);
          expect(name).not.toMatch(/^-|-$/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
