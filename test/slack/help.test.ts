import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

describe.each(['http', 'socket'] as const)('/incident help over %s', (mode) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should list the subcommands that exist, privately to the person who asked', async () => {
    const dana = h.emulator.user('dana');
    const answer = await dana.command('help');
    expect(answer.status).toBe(200);
    expect(answer.ackText).toContain('/incident help');
    expect(dana.lastEphemeralText()).toContain('/incident help');
    expect(h.emulator.user('raj').ephemerals()).toHaveLength(0);
  });

  it('should show help for a bare /incident', async () => {
    const answer = await h.emulator.user('raj').command('');
    expect(answer.ackText).toContain('/incident help');
  });

  it('should answer an unknown subcommand with a hint', async () => {
    const answer = await h.emulator.user('dana').command('explode now');
    expect(answer.ackText).toBe('unknown subcommand `explode`; try `/incident help`');
  });
});
