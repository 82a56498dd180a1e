import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf } from '../support/incident.js';

/** A team's own definitions: what responders see must come from templates/definitions.yaml. */
const DEFINITIONS = `severities:
  sev1: Checkout or login down for anyone
  sev3: One region slow, or a workaround exists
`;

interface Option {
  text: { text: string };
  description?: { text: string };
  value: string;
}

describe('what each severity means, where it is chosen', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ templates: { 'definitions.yaml': DEFINITIONS } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should show each severity’s definition in the declare form, and to pick the higher one when unsure', async () => {
    const alex = h.emulator.user('alex');
    await alex.command('declare');
    const view = await h.emulator.waitFor(() => alex.openView());
    const severity = (view.view.blocks as { block_id?: string; hint?: { text: string }; element?: unknown }[]).find(
      (b) => b.block_id === 'severity',
    );
    if (!severity) throw new Error('the declare form has no severity');
    const options = (severity.element as { options: Option[] }).options;
    expect(options.map((o) => [o.text.text, o.description?.text])).toEqual([
      ['🔴 SEV1', 'Checkout or login down for anyone'],
      ['🟠 SEV2', 'Major: a core feature is badly degraded for many customers'],
      ['🟡 SEV3', 'One region slow, or a workaround exists'],
      ['🔵 SEV4', 'Low: no customer impact yet; worth tracking'],
    ]);
    expect(severity.hint?.text).toBe('If unsure, pick the higher one.');
  });

  it('should answer /incident severity alone, privately, with every severity and its definition', async () => {
    const dana = h.emulator.user('dana');
    const answer = await dana.command('declare sev2 Search results empty');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);

    const told = await dana.command('severity', { channel: channel.id });
    expect(told.ackText).toBe(
      [
        '*Severities*',
        '🔴 *SEV1*: Checkout or login down for anyone',
        '🟠 *SEV2*: Major: a core feature is badly degraded for many customers',
        '🟡 *SEV3*: One region slow, or a workaround exists',
        '🔵 *SEV4*: Low: no customer impact yet; worth tracking',
        'If unsure, pick the higher one. `/incident severity sev2` sets it in an incident channel.',
      ].join('\n'),
    );
    expect(dana.lastEphemeralText()).toBe(told.ackText);
    expect(channel.messages.some((m) => m.text.includes('*Severities*'))).toBe(false);
    expect(h.emulator.user('raj').ephemerals()).toHaveLength(0);
    expect((await logOf(h, id)).filter((e) => e.type === 'SeverityChanged')).toEqual([]);
  });

  it('should answer it outside an incident channel too, for someone about to declare', async () => {
    const sam = h.emulator.user('sam');
    const told = await sam.command('severity');
    expect(told.ackText).toContain('🔴 *SEV1*: Checkout or login down for anyone');
    expect(told.ackText).toContain('If unsure, pick the higher one.');
  });

  it('should still say what a bad severity is and point at the definitions', async () => {
    const dana = h.emulator.user('dana');
    const declared = await dana.command('declare sev3 Exports slow');
    const channel = await channelOf(h, (declared.ackText as string).match(/INC-\d+/)?.[0] as string);
    const answer = await dana.command('severity sev9', { channel: channel.id });
    expect(answer.ackText).toBe(
      '`sev9` is not a severity; use `sev1` (critical), `sev2`, `sev3` or `sev4` (low), or `/incident severity` alone for what each means.',
    );
  });
});
