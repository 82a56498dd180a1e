import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { BOT_USER_ID } from '../../src/sandbox/workspace.js';

const BOT = 'xoxb-1-emulator-test';
const SCOPES = [
  'chat:write',
  'channels:manage',
  'groups:write',
  'channels:read',
  'pins:write',
  'users:read',
  'files:write',
];

async function call(emulator: SlackEmulator, method: string, body: Record<string, string>, token?: string) {
  const response = await fetch(`${emulator.apiUrl}${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: new URLSearchParams(body).toString(),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : undefined;
  return {
    status: response.status,
    headers: response.headers,
    json: json as Record<string, unknown> | undefined,
    text,
  };
}

describe('the emulated Web API', () => {
  let emulator: SlackEmulator;
  let client: WebClient;
  beforeAll(async () => {
    emulator = await SlackEmulator.start({ signingSecret: 's', botToken: BOT, scopes: SCOPES });
    // The bot was invited to #general for these tests (it starts in no channel).
    emulator.workspace.channels.get('C0GENERAL01')?.members.add(BOT_USER_ID);
    client = new WebClient(BOT, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  beforeEach(() => emulator.clearFaults());

  it('should answer not_authed without a token and invalid_auth with a wrong one', async () => {
    expect((await call(emulator, 'auth.test', {})).json).toEqual({ ok: false, error: 'not_authed' });
    expect((await call(emulator, 'auth.test', {}, 'xoxb-wrong')).json).toEqual({ ok: false, error: 'invalid_auth' });
    expect((await call(emulator, 'auth.test', {}, BOT)).json).toMatchObject({ ok: true, user_id: 'U0WARBOT' });
  });

  it('should reject a header block longer than 150 characters as invalid_blocks', async () => {
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }];
    const { json } = await call(
      emulator,
      'chat.postMessage',
      { channel: 'C0GENERAL01', text: 'fallback', blocks: JSON.stringify(blocks) },
      BOT,
    );
    expect(json).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]'] },
    });
    expect(emulator.workspace.channels.get('C0GENERAL01')?.messages).toHaveLength(0);
  });

  it.each([
    ['Checkout Down', 'invalid_name_specials'],
    ['inc checkout', 'invalid_name_specials'],
    ['x'.repeat(81), 'invalid_name_maxlength'],
    ['---', 'invalid_name_punctuation'],
    ['', 'invalid_name_required'],
    ['general', 'name_taken'],
  ])('should refuse the channel name %j with %s', async (name, error) => {
    const { json } = await call(emulator, 'conversations.create', { name }, BOT);
    expect(json).toEqual({ ok: false, error });
  });

  it('should answer not_in_channel in a channel the bot was never invited to, as a new app gets', async () => {
    const deploys = emulator.workspace.channels.get('C0DEPLOYS01');
    expect(deploys?.members.has(BOT_USER_ID)).toBe(false);
    const answer = await call(emulator, 'chat.postMessage', { channel: 'C0DEPLOYS01', text: 'hi' }, BOT);
    expect(answer.json).toMatchObject({ ok: false, error: 'not_in_channel' });
  });

  it('should create a valid channel with the bot as its only member', async () => {
    const created = await client.conversations.create({ name: 'inc-20261129-checkout' });
    expect(created.channel?.name).toBe('inc-20261129-checkout');
    const channel = emulator.workspace.channels.get(created.channel?.id as string);
    expect([...(channel?.members ?? [])]).toEqual(['U0WARBOT']);
  });

  it('should answer missing_scope naming the scope when the app was not granted it', async () => {
    const { json } = await call(
      emulator,
      'reactions.add',
      { channel: 'C0GENERAL01', name: 'eyes', timestamp: '1.2' },
      BOT,
    );
    expect(json).toMatchObject({ ok: false, error: 'missing_scope', needed: 'reactions:write' });
  });

  it('should answer 429 with Retry-After when told to, then serve the call normally', async () => {
    emulator.injectFault({ method: 'chat.postMessage', status: 429, retryAfter: 2, times: 1 });
    const limited = await call(emulator, 'chat.postMessage', { channel: 'C0GENERAL01', text: 'hello' }, BOT);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.json).toEqual({ ok: false, error: 'ratelimited' });
    const served = await call(emulator, 'chat.postMessage', { channel: 'C0GENERAL01', text: 'hello' }, BOT);
    expect(served.json).toMatchObject({ ok: true, channel: 'C0GENERAL01' });
  });

  it('should answer 503 when told to', async () => {
    emulator.injectFault({ method: '*', status: 503, times: 1 });
    const failed = await call(emulator, 'auth.test', {}, BOT);
    expect(failed.status).toBe(503);
    expect(failed.json).toBeUndefined();
  });

  it('should refuse to post where the bot is not a member, and in unknown channels', async () => {
    const other = emulator.workspace.createChannel({ name: 'random', isPrivate: false, creator: 'U0DANA0001' });
    await expect(client.chat.postMessage({ channel: other.id, text: 'hi' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    await expect(client.chat.postMessage({ channel: 'C0NOPE', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('should record that a message with <!channel> in mrkdwn would notify the channel', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL01', text: 'hey <!channel>' });
    const message = emulator.workspace.findMessage('C0GENERAL01', posted.ts as string);
    expect(message?.mentions?.broadcasts).toEqual(['channel']);
  });

  it('should only edit messages the bot posted, and count the edits', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL01', text: 'v1' });
    await client.chat.update({ channel: 'C0GENERAL01', ts: posted.ts as string, text: 'v2' });
    expect(emulator.workspace.findMessage('C0GENERAL01', posted.ts as string)).toMatchObject({
      text: 'v2',
      updates: 1,
    });
    const human = emulator.workspace.postAsUser('C0GENERAL01', 'U0DANA0001', 'mine');
    await expect(client.chat.update({ channel: 'C0GENERAL01', ts: human.ts, text: 'no' })).rejects.toMatchObject({
      data: { error: 'cant_update_message' },
    });
  });

  it('should refuse a trigger id that is unknown, reused or older than three seconds', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Declare' }, blocks: [] };
    await expect(client.views.open({ trigger_id: '1.2.made-up', view })).rejects.toMatchObject({
      data: { error: 'invalid_trigger_id' },
    });
    const trigger = emulator.issueTrigger('U0DANA0001');
    await client.views.open({ trigger_id: trigger, view });
    await expect(client.views.open({ trigger_id: trigger, view })).rejects.toMatchObject({
      data: { error: 'exchanged_trigger_id' },
    });
  });

  it('should upload a file the way the SDK does today and share it in the channel', async () => {
    await client.filesUploadV2({
      channel_id: 'C0GENERAL01',
      filename: 'timeline.md',
      content: '# Timeline\n',
      title: 'Timeline',
    });
    const file = [...emulator.workspace.files.values()].find((f) => f.filename === 'timeline.md');
    expect(file?.content?.toString()).toBe('# Timeline\n');
    expect(file?.channels).toEqual(['C0GENERAL01']);
  });
});
