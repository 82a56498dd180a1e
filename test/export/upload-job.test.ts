/**
 * @module test/export/upload-job — the `/incident export` job (queue/exports.ts) writes the export to a temporary
 * file as it renders, streams it to Slack's upload URL, shares it in the channel, and leaves no file behind,
 * whether the upload worked or not.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, WebClient } from '@slack/web-api';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { exportIncident } from '../../src/export/run.js';
import type { EffectContext } from '../../src/queue/context.js';
import { processExport, uploadExport } from '../../src/queue/exports.js';
import type { ExportJob } from '../../src/queue/names.js';
import { classifySlackError } from '../../src/queue/slack-errors.js';
import { SlackEmulator } from '../../src/sandbox/emulator.js';
import { BOT_USER_ID } from '../../src/sandbox/workspace.js';
import { FileUploadError } from '../../src/slack/file-upload.js';
import { IncidentStore } from '../../src/store/incident-store.js';
import { DANA, logBuilder, NOW, PEOPLE, SEEDED_INCIDENT, TIME_ZONE, templates } from './fixtures.js';

const BOT = 'xoxb-1-upload-test';
const INCIDENT = 'INC-9';

describe('the export job', () => {
  let redis: Redis;
  let store: IncidentStore;
  let emulator: SlackEmulator;
  let channel: string;
  let tmp: string;
  const savedTmpdir = process.env.TMPDIR;
  const base = tmpdir();
  const prefix = `upload-${randomUUID().slice(0, 8)}`;

  const contextWith = (slack: WebClient): EffectContext =>
    ({
      config: { timeZone: TIME_ZONE },
      logger: { info: () => undefined },
      store,
      redis,
      templates,
      slack,
    }) as unknown as EffectContext;

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'));
    store = new IncidentStore(redis, prefix);
    const log = logBuilder(INCIDENT);
    for (const e of SEEDED_INCIDENT) log.add(e.type, e.data as never, e.at, e.actor, e.recordedAt);
    const last = SEEDED_INCIDENT.at(-1)?.at ?? NOW;
    // Text beyond ASCII: the length Slack is told is the UTF-8 bytes, not the characters.
    for (let i = 0; i < 3000; i += 1)
      log.add('NoteAdded', { text: `Rollback ✓ on café-${i} — watching p99` }, last + i * 1000, DANA);
    await redis.rpush(store.keys.log(INCIDENT), ...log.events.map((e) => JSON.stringify(e)));
    await redis.hset(store.keys.people, PEOPLE);
    emulator = await SlackEmulator.start({ signingSecret: 's', botToken: BOT, scopes: ['files:write', 'users:read'] });
    channel = emulator.workspace.createChannel({ name: 'inc-9', isPrivate: false, creator: BOT_USER_ID }).id;
  });
  beforeEach(async () => {
    tmp = await mkdtemp(join(base, 'upload-job-test-'));
    process.env.TMPDIR = tmp;
  });
  afterEach(async () => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    await rm(tmp, { recursive: true, force: true });
  });
  afterAll(async () => {
    await emulator?.stop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('should share the export in the channel, byte for byte, with its title and comment, and leave no file behind', async () => {
    const slack = new WebClient(BOT, { slackApiUrl: emulator.apiUrl });
    const name = await uploadExport(contextWith(slack), {
      incidentId: INCIDENT,
      format: 'md',
      channel,
      user: 'U0DANA0001',
      comment: 'The timeline, as asked.',
    });
    expect(name).toBe('inc-9-postmortem.md');
    const file = [...emulator.workspace.files.values()].find((f) => f.completed && f.channels.includes(channel));
    const expected = await exportIncident(store, templates, INCIDENT, 'md', {
      timeZone: TIME_ZONE,
      now: Date.now(),
      people: PEOPLE,
    });
    // The two renders differ only in the line that says when the export was made.
    const made = /^_Built by warroom from the incident log at .*$/m;
    expect(file?.content?.toString('utf8').replace(made, '')).toBe(expected?.content.replace(made, ''));
    expect(file?.length).toBe(file?.content?.length);
    expect(file?.length).toBeGreaterThan(expected?.content.length ?? 0);
    expect(file?.title).toBe(`${INCIDENT} postmortem timeline (MD)`);
    const message = emulator.workspace.channels.get(channel)?.messages.at(-1);
    expect(message).toMatchObject({ text: 'The timeline, as asked.', files: [file?.id] });
    expect(await readdir(tmp)).toEqual([]);
  });

  it('should show people by name, asking Slack once for a name it does not know and remembering it', async () => {
    const fresh = new IncidentStore(redis, `${prefix}-names`);
    const log = logBuilder('INC-10');
    for (const e of SEEDED_INCIDENT) log.add(e.type, e.data as never, e.at, e.actor, e.recordedAt);
    log.add('NoteAdded', { text: 'Checkout error rate back under 0.1%' }, NOW, 'U0SAM00004');
    await redis.rpush(fresh.keys.log('INC-10'), ...log.events.map((e) => JSON.stringify(e)));
    const slack = new WebClient(BOT, { slackApiUrl: emulator.apiUrl });
    const asked = () => emulator.calls.filter((c) => c.method === 'users.info' && c.args.user === 'U0SAM00004');
    await uploadExport(
      { ...contextWith(slack), store: fresh },
      { incidentId: 'INC-10', format: 'csv', channel, user: 'U0DANA0001', comment: '' },
    );
    const file = [...emulator.workspace.files.values()].find((f) => f.filename === 'inc-10-postmortem.csv');
    // The emulated workspace gives Sam the display name `sam`.
    expect(file?.content?.toString('utf8')).toContain(',U0SAM00004,sam,note,NoteAdded,Note: Checkout error rate');
    expect(await redis.hget(fresh.keys.people, 'U0SAM00004')).toBe('sam');
    expect(asked()).toHaveLength(1);
    await uploadExport(
      { ...contextWith(slack), store: fresh },
      { incidentId: 'INC-10', format: 'csv', channel, user: 'U0DANA0001', comment: '' },
    );
    expect(asked()).toHaveLength(1);
  });

  it('should fail, worth retrying, when the upload URL refuses the bytes, share nothing, and leave no file behind', async () => {
    let received = 0;
    const refusing: Server = createServer((req, res) => {
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      req.on('end', () => res.writeHead(503).end());
    });
    await new Promise<void>((done) => refusing.listen(0, '127.0.0.1', done));
    const completed: unknown[] = [];
    const slack = {
      users: { info: async () => ({ ok: true }) },
      files: {
        getUploadURLExternal: async (args: { length: number }) => ({
          ok: true,
          upload_url: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/upload/F1`,
          file_id: 'F1',
          length: args.length,
        }),
        completeUploadExternal: async (args: unknown) => completed.push(args),
      },
    } as unknown as WebClient;
    try {
      const upload = uploadExport(contextWith(slack), {
        incidentId: INCIDENT,
        format: 'html',
        channel,
        user: 'U0DANA0001',
        comment: '',
      });
      await expect(upload).rejects.toBeInstanceOf(FileUploadError);
      await upload.catch((error: unknown) => {
        expect((error as FileUploadError).statusCode).toBe(503);
        expect(classifySlackError(error).retry).toBe(true);
      });
    } finally {
      refusing.close();
    }
    expect(received).toBeGreaterThan(100_000);
    expect(completed).toEqual([]);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('should go back to the queue while attempts are left, and tell the responder privately after the last', async () => {
    const refusing: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(502).end());
    });
    await new Promise<void>((done) => refusing.listen(0, '127.0.0.1', done));
    const told: { channel: string; user: string; text: string }[] = [];
    const slack = {
      users: { info: async () => ({ ok: true }) },
      chat: { postEphemeral: async (args: (typeof told)[number]) => told.push(args) },
      files: {
        getUploadURLExternal: async () => ({
          ok: true,
          upload_url: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/upload/F2`,
          file_id: 'F2',
        }),
        completeUploadExternal: async () => ({ ok: true }),
      },
    } as unknown as WebClient;
    const request = { incidentId: INCIDENT, format: 'csv' as const, channel, user: 'U0RAJ00002', comment: '' };
    const jobAt = (attemptsMade: number) =>
      ({ data: request, attemptsMade, opts: { attempts: 5 } }) as unknown as Job<ExportJob>;
    try {
      await expect(processExport(contextWith(slack), jobAt(0))).rejects.toBeInstanceOf(FileUploadError);
      await expect(processExport(contextWith(slack), jobAt(3))).rejects.toBeInstanceOf(FileUploadError);
      expect(told).toEqual([]);
      // A rate limit on the last attempt is not a failure: the worker puts the job off without spending one.
      const limited = Object.assign(new Error('rate limited'), { code: ErrorCode.RateLimitedError, retryAfter: 1 });
      const throttled = {
        ...slack,
        files: { getUploadURLExternal: () => Promise.reject(limited) },
      } as unknown as WebClient;
      await expect(processExport(contextWith(throttled), jobAt(4))).rejects.toBe(limited);
      expect(told).toEqual([]);
      expect(await processExport(contextWith(slack), jobAt(4))).toBe('failed: the upload URL answered HTTP 502');
    } finally {
      refusing.close();
    }
    expect(told).toEqual([
      {
        channel,
        user: 'U0RAJ00002',
        text: `The CSV export of ${INCIDENT} could not be uploaded after 5 tries (the upload URL answered HTTP 502). \`/incident export csv\` in this channel tries again.`,
      },
    ]);
    expect(await readdir(tmp)).toEqual([]);
  });
});
