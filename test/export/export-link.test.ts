import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLink } from '../../src/http/export-links.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf, waitForValue } from '../support/incident.js';

const LINK_SECRET = 'export-link-secret-for-tests-0123456789abcdef';

describe('the bookmark to the incident’s export', () => {
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;
  const local = (link: string) => link.replace('https://warroom.example.com', `http://127.0.0.1:${h.app.port}`);
  const bookmarkLink = () => h.emulator.waitFor(() => channel.bookmarks[0]?.link);

  beforeAll(async () => {
    h = await startHarness({
      env: { WARROOM_PUBLIC_URL: 'https://warroom.example.com', WARROOM_LINK_SECRET: LINK_SECRET },
    });
    const answer = await h.emulator.user('dana').command('declare sev3 Slow image uploads');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should bookmark a signed link to the postmortem timeline that expires in 30 days', async () => {
    const bookmark = await h.emulator.waitFor(() => channel.bookmarks[0]);
    expect(bookmark.title).toBe('Postmortem timeline');
    const match = String(bookmark.link).match(
      new RegExp(`^https://warroom\\.example\\.com/incidents/${id}/postmortem\\.html\\?exp=(\\d+)&sig=[0-9a-f]{32}$`),
    );
    expect(match).not.toBeNull();
    const days = (Number(match?.[1]) * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('should serve the live export at that link, and nothing without the right signature', async () => {
    const link = await bookmarkLink();
    const page = await fetch(local(link));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('Slow image uploads');

    const forged = local(link).replace(/sig=[0-9a-f]{4}/, 'sig=0000');
    expect((await fetch(forged)).status).toBe(404);
    expect((await fetch(local(link).replace('postmortem.html', 'postmortem.json'))).status).toBe(404);
    expect((await fetch(local(link).replace(id, 'INC-999'))).status).toBe(404);
    const later = local(link).replace(/exp=(\d+)/, (_all, exp: string) => `exp=${Number(exp) + 86_400}`);
    expect((await fetch(later)).status).toBe(404);
  });

  it('should not be signed with the Slack bot token', async () => {
    const link = await bookmarkLink();
    const config = { ...h.app.services.config, links: { secret: h.env.SLACK_BOT_TOKEN as string, ttlMs: 86_400_000 } };
    const withToken = exportLink({ config }, { id, linkGeneration: 0 }, Date.now()) as string;
    expect((await fetch(local(withToken))).status).toBe(404);
    expect(link).not.toBe(withToken);
  });

  it('should answer an expired link with 410 and say how to get a new one', async () => {
    const config = h.app.services.config;
    const ttl = config.links?.ttlMs ?? 0;
    const old = exportLink({ config }, { id, linkGeneration: 0 }, Date.now() - ttl - 60_000) as string;
    const answer = await fetch(local(old));
    expect(answer.status).toBe(410);
    expect(await answer.json()).toMatchObject({ error: expect.stringContaining('/incident export') });
  });

  it('should answer a signature of multibyte characters, or a broken percent escape, without going down', async () => {
    const link = local(await bookmarkLink());
    const wide = link.replace(/sig=[0-9a-f]{32}/, `sig=${encodeURIComponent('é'.repeat(32))}`);
    expect((await fetch(wide)).status).toBe(404);
    const broken = await fetch(`http://127.0.0.1:${h.app.port}/incidents/%E0%A4%A/x`);
    expect(broken.status).toBe(400);
    expect((await fetch(`http://127.0.0.1:${h.app.port}/healthz`)).status).toBe(200);
  });

  it('should stop every earlier link on /incident links revoke and bookmark a fresh one', async () => {
    const before = await bookmarkLink();
    const answer = await h.emulator.user('dana').command('links revoke', { channel: channel.id });
    expect(answer.ackText).toContain('revoked');
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'ExportLinksRevoked'));
    const after = await h.emulator.waitFor(() => channel.bookmarks[0]?.link !== before && channel.bookmarks[0]?.link);
    expect(channel.bookmarks).toHaveLength(1);
    expect((await fetch(local(before))).status).toBe(404);
    expect((await fetch(local(after))).status).toBe(200);
    await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes('Export links revoked')));
  });
});

describe('export links without a public URL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should serve no export route at all, and refuse to revoke links it never gave', async () => {
    const answer = await h.emulator.user('dana').command('declare sev3 No links here');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    const config = { ...h.app.services.config, links: { secret: 'x'.repeat(40), ttlMs: 86_400_000 } };
    const link = exportLink({ config: { ...config, publicUrl: 'http://x' } }, { id, linkGeneration: 0 }, Date.now());
    const path = String(link).replace('http://x', '');
    expect((await fetch(`http://127.0.0.1:${h.app.port}${path}`)).status).toBe(404);
    expect(channel.bookmarks).toEqual([]);
    const revoke = await h.emulator.user('dana').command('links revoke', { channel: channel.id });
    expect(revoke.ackText).toContain('WARROOM_PUBLIC_URL is not set');
  });
});
