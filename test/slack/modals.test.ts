import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf } from '../support/incident.js';

describe('opening a form', () => {
  let h: Harness;
  let channel: string;
  beforeAll(async () => {
    h = await startHarness();
    const answer = await h.emulator.user('dana').command('declare sev2 Checkout slow');
    channel = (await channelOf(h, (answer.ackText as string).match(/INC-\d+/)?.[0] as string)).id;
  });
  afterEach(() => {
    h.emulator.setLatency(undefined);
    h.emulator.clearFaults();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should answer Slack at once and still open the form when Slack is slow to open it', async () => {
    h.emulator.setLatency({ 'views.open': 2500 });
    const dana = h.emulator.user('dana');
    const answer = await dana.command('update', { channel });
    expect(answer.timedOut).toBe(false);
    expect(answer.status).toBe(200);
    const view = await h.emulator.waitFor(() => dana.openView(), 6000);
    expect(view.view.callback_id).toBe('incident.update');
  });

  it('should tell the responder privately what went wrong when the form cannot open', async () => {
    h.emulator.injectFault({ method: 'views.open', status: 200, error: 'expired_trigger_id', times: 1 });
    const dana = h.emulator.user('dana');
    const answer = await dana.command('resolve', { channel });
    expect(answer.status).toBe(200);
    const told = await h.emulator.waitFor(() =>
      dana.ephemerals(channel).find((e) => e.text.includes('could not open')),
    );
    expect(told.text).toContain('Nothing was recorded');
    expect(told.text).toContain('again');
  });
});
