import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf } from '../support/incident.js';

describe('the bookmark to the incident’s export', () => {
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;
  const local = (link: string) => link.replace('https://warroom.example.com', `http://127.0.0.1:${h.app.port}`);

  beforeAll(async () => {
    h = await startHarness({ env: { WARROOM_PUBLIC_URL: 'https://warroom.example.com' } });
    const answer = await h.emulator.user('dana').command('declare sev3 Slow image uploads');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should bookmark a signed link to the postmortem timeline in the incident channel', async () => {
    const bookmark = await h.emulator.waitFor(() => channel.bookmarks[0]);
    expect(bookmark.title).toBe('Postmortem timeline');
    expect(bookmark.link).toMatch(
      new RegExp(`^https://warroom\\.example\\.com/incidents/${id}/postmortem\\.html\\?sig=[0-9a-f]{32}$`),
    );
  });

  it('should serve the live export at that link, and nothing without the right signature', async () => {
    const link = (await h.emulator.waitFor(() => channel.bookmarks[0])).link as string;
    const page = await fetch(local(link));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('Slow image uploads');

    const forged = local(link).replace(/sig=[0-9a-f]{4}/, 'sig=0000');
    expect((await fetch(forged)).status).toBe(404);
    expect((await fetch(local(link).replace('postmortem.html', 'postmortem.json'))).status).toBe(404);
    expect((await fetch(local(link).replace(id, 'INC-999'))).status).toBe(404);
  });
});
