import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { slashCommandText } from '../../src/sandbox/typed-text.js';
import { BOT_USER_ID, Workspace } from '../../src/sandbox/workspace.js';

const BOT = 'xoxb-1-strict-test';
const APP = 'xapp-1-strict-test';
const SCOPES = ['chat:write', 'channels:manage', 'groups:write', 'channels:join', 'channels:read'];

interface Received {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A stand-in app that answers each request after `delayMs(n)` with `status(n)` (n: the n-th request). */
async function stubApp(
  delayMs: (n: number) => number,
  status: (n: number) => number = () => 200,
): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(raw) as Record<string, unknown> });
      const n = received.length;
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(status(n)).end();
      }, delayMs(n));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, received };
}

describe('the emulator is as strict as Slack', () => {
  let emulator: SlackEmulator | undefined;
  let app: Server | undefined;
  afterEach(async () => {
    app?.closeAllConnections();
    await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
    await emulator?.stop();
    emulator = undefined;
    app = undefined;
  });

  async function start(events: string[], options: { eventRetryDelaysMs?: number[]; responseUrlTtlMs?: number } = {}) {
    emulator = await SlackEmulator.start({
      signingSecret: 's'.repeat(32),
      botToken: BOT,
      appToken: APP,
      scopes: SCOPES,
      events,
      ...options,
    });
    return emulator;
  }

  it('should tell an app subscribed to channel messages about its own posts, edits and topic', async () => {
    const slack = await start(['message.channels'], { eventRetryDelaysMs: [] });
    const stub = await stubApp(() => 0);
    app = stub.server;
    slack.connectHttp(stub.url);
    const client = new WebClient(BOT, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const created = await client.conversations.create({ name: 'inc-strict' });
    const channel = created.channel?.id as string;
    const posted = await client.chat.postMessage({ channel, text: 'board' });
    await client.chat.update({ channel, ts: posted.ts as string, text: 'board, edited' });
    await client.conversations.setTopic({ channel, topic: 'SEV1 · Investigating' });
    await slack.idle();
    const events = stub.received.map((r) => r.body.event as Record<string, unknown>);
    expect(events.map((e) => e.subtype ?? 'message')).toEqual(['message', 'message_changed', 'channel_topic']);
    expect(events[0]).toMatchObject({ user: BOT_USER_ID, bot_id: expect.any(String), text: 'board' });
    expect(events[1]).toMatchObject({ message: { text: 'board, edited' } });
  });

  it('should deliver an event again, up to 3 times with retry headers, to an app that does not answer in 3 s', async () => {
    const slack = await start(['message.channels'], { eventRetryDelaysMs: [0, 0, 0] });
    const stub = await stubApp(
      (n) => (n <= 2 ? 3500 : 0),
      (n) => (n === 3 ? 503 : 200),
    );
    app = stub.server;
    slack.connectHttp(stub.url);
    slack.workspace.channels.get('C0GENERAL01')?.members.add(BOT_USER_ID);
    const answer = await slack.user('dana').post('C0GENERAL01', 'hello');
    expect(answer.ts).toBeDefined();
    await slack.waitFor(() => stub.received.length === 4, 20_000);
    expect(stub.received.map((r) => [r.headers['x-slack-retry-num'], r.headers['x-slack-retry-reason']])).toEqual([
      [undefined, undefined],
      ['1', 'http_timeout'],
      ['2', 'http_timeout'],
      ['3', 'http_error'],
    ]);
    const ids = new Set(stub.received.map((r) => r.body.event_id));
    expect(ids.size).toBe(1);
  }, 30_000);

  it('should deliver an event again over Socket Mode when the app does not acknowledge it', async () => {
    const slack = await start(['message.channels'], { eventRetryDelaysMs: [0] });
    const opened = await fetch(`${slack.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${APP}` },
    });
    const { url } = (await opened.json()) as { url: string };
    const socket = new WebSocket(url);
    const envelopes: Record<string, unknown>[] = [];
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (message.type !== 'events_api') return;
      envelopes.push(message);
      // The first delivery is never acknowledged; the redelivery is.
      if (envelopes.length === 2) socket.send(JSON.stringify({ envelope_id: message.envelope_id }));
    });
    slack.connectSocketMode();
    await slack.waitForSocketConnection();
    slack.workspace.channels.get('C0GENERAL01')?.members.add(BOT_USER_ID);
    await slack.user('dana').post('C0GENERAL01', 'hello');
    expect(envelopes.map((e) => [e.retry_attempt, e.retry_reason])).toEqual([
      [0, ''],
      [1, 'http_timeout'],
    ]);
    socket.close();
  }, 15_000);

  it('should refuse a response_url after 30 minutes', async () => {
    const slack = await start([], { responseUrlTtlMs: 50 });
    const url = slack.issueResponseUrl('U0DANA0001', 'C0GENERAL01');
    const fresh = await fetch(url, { method: 'POST', body: JSON.stringify({ text: 'ok' }) });
    expect(fresh.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const late = await fetch(url, { method: 'POST', body: JSON.stringify({ text: 'late' }) });
    expect(late.status).toBe(404);
    expect(await late.json()).toEqual({ ok: false, error: 'expired_url' });
  });

  it('should give private channels C ids, as Slack has since 2021', async () => {
    const slack = await start([]);
    const client = new WebClient(BOT, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const created = await client.conversations.create({ name: 'inc-private', is_private: true });
    expect(created.channel?.id).toMatch(/^C[A-Z0-9]+$/);
  });

  it('should send slash-command text the way Slack encodes it', () => {
    const workspace = new Workspace();
    expect(slashCommandText('role ops @raj & see #general <b> @here', workspace)).toBe(
      'role ops <@U0RAJ00002|raj> &amp; see <#C0GENERAL01|general> &lt;b&gt; <!here>',
    );
    expect(slashCommandText('handoff <@U0LEE00003|lee> https://x.example/a?b=1', workspace)).toBe(
      'handoff <@U0LEE00003|lee> <https://x.example/a?b=1>',
    );
    expect(slashCommandText('mail dana@example.com about @nobody', workspace)).toBe(
      'mail dana@example.com about @nobody',
    );
  });
});
