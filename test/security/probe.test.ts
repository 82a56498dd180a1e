import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { declareDrill, visibleText } from './support.js';

describe('probe', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { LOG_LEVEL: 'warn' } });
  }, 60000);
  afterAll(async () => {
    await h?.stop();
  });
  it('probes', async () => {
    const d = await declareDrill(h, 'probe');
    for (const t of ['draft status-page', 'draft', 'draft __proto__', 'draft constructor']) {
      const n = h.emulator.calls.length;
      const a = await h.emulator.user('dana').command(t, { channel: d.channel });
      console.log(t, a.status, JSON.stringify(visibleText(a)).slice(0, 100), a.durationMs);
      await new Promise((r) => setTimeout(r, 300));
      console.log(
        h.emulator.calls
          .slice(n)
          .map((c) => `${c.method} ${c.ok} ${c.error} ${JSON.stringify(c.response).slice(0, 300)}`),
      );
    }
  }, 120000);
});
