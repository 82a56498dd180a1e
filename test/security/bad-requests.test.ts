import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/sandbox/signing.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/harness.js';
import { fcParameters, hostileText, runsOf, timeoutFor } from './support.js';

/**
 * Requests that did not come from Slack, or that Slack would never send: they are turned away (401 for
 * the signature and its timestamp, 4xx for the rest) before warroom does anything, which we prove by
 * watching Redis: no command from the app's connections, and no key under the harness prefix changed.
 */

interface Answer {
  status: number;
  ms: number;
  allow?: string | null;
}

/**
 * Every Redis command the app sends while it is watched (MONITOR on a separate connection), keeping those
 * from the app's own command connection and any naming the harness prefix, and not our own reads.
 */
class RedisWatch {
  private readonly seen: string[] = [];
  private readonly markers = new Map<string, () => void>();

  private constructor(
    private readonly monitor: Redis,
    private readonly own: Redis,
  ) {}

  static async start(h: Harness): Promise<RedisWatch> {
    const monitor = await h.redis.monitor();
    const watch = new RedisWatch(monitor, h.redis);
    const portOf = (r: Redis) => (r as unknown as { stream?: { localPort?: number } }).stream?.localPort;
    const appSource = `127.0.0.1:${portOf(h.app.services.redis)}`;
    const ownSource = `127.0.0.1:${portOf(h.redis)}`;
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args[0]?.toLowerCase() === 'echo' && watch.markers.has(String(args[1]))) {
        watch.markers.get(String(args[1]))?.();
        return;
      }
      if (source === ownSource) return;
      if (source === appSource || args.some((a) => a.includes(h.prefix)))
        watch.seen.push(`${source} ${args.join(' ')}`);
    });
    return watch;
  }

  /** How many commands were seen so far. */
  get count(): number {
    return this.seen.length;
  }

  /**
   * The commands seen since `from`, once Redis has executed everything sent before this call (a marker
   * sent after them comes back through MONITOR after them).
   */
  async since(from: number, settleMs = 30): Promise<string[]> {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const marker = `hostile-barrier-${randomUUID()}`;
    const passed = new Promise<void>((resolve) => this.markers.set(marker, resolve));
    await this.own.echo(marker);
    await passed;
    this.markers.delete(marker);
    return this.seen.slice(from);
  }

  stop(): void {
    this.monitor.disconnect();
  }
}

/** Every key under the harness prefix with a digest of its value. */
async function snapshot(h: Harness): Promise<Map<string, string>> {
  const keys = (await h.redis.keys(`${h.prefix}:*`)).sort();
  const pipeline = h.redis.pipeline();
  for (const key of keys) pipeline.dumpBuffer(key);
  const dumps = (await pipeline.exec()) ?? [];
  return new Map(keys.map((key, i) => [key, (dumps[i]?.[1] as Buffer | null)?.toString('hex') ?? '']));
}

function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k));
}

const now = () => Math.floor(Date.now() / 1000);

function headersFor(
  body: string,
  options: { contentType?: string; secret?: string; timestamp?: string; signature?: string | null } = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? String(now());
  const headers: Record<string, string> = { 'x-slack-request-timestamp': timestamp };
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const signature =
    options.signature === undefined
      ? signRequest(options.secret ?? SIGNING_SECRET, timestamp, body)
      : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  return headers;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** `/incident list` as Slack sends it: it reads Redis when it runs. */
function listCommand(): string {
  return new URLSearchParams({
    token: 'sandbox-verification-token',
    team_id: 'T0WARROOM',
    team_domain: 'warroom-sandbox',
    channel_id: 'C0GENERAL01',
    channel_name: 'general',
    user_id: 'U0DANA0001',
    user_name: 'dana',
    command: '/incident',
    text: 'list',
    api_app_id: 'A0WARROOM',
    response_url: 'http://127.0.0.1:9/response/x',
    trigger_id: '1.2.3',
  }).toString();
}

/** A 📌 on a message: it reads Redis when it runs. */
function pinEvent(): string {
  return JSON.stringify({
    token: 'sandbox-verification-token',
    team_id: 'T0WARROOM',
    api_app_id: 'A0WARROOM',
    type: 'event_callback',
    event_id: `Ev${randomUUID().slice(0, 8)}`,
    event_time: now(),
    event: {
      type: 'pin_added',
      user: 'U0DANA0001',
      channel_id: 'C0GENERAL01',
      item: { type: 'message', message: { type: 'message', user: 'U0RAJ00002', text: 'hi', ts: '1700000000.000100' } },
      event_ts: '1700000000.000200',
    },
  });
}

const FIVE_MB = 5 * 1024 * 1024;

describe('requests that are not what Slack sends', () => {
  let h: Harness;
  let watch: RedisWatch;

  beforeAll(async () => {
    // The web process alone: no workers polling Redis in the background, so any command is the request's.
    h = await startHarness({ role: 'web' });
    watch = await RedisWatch.start(h);
  }, 30_000);
  afterAll(async () => {
    watch?.stop();
    await h?.stop();
  });

  async function send(
    body: string | undefined,
    headers: Record<string, string>,
    options: { path?: string; method?: string } = {},
  ): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${h.app.port}${options.path ?? '/slack/events'}`, {
      method: options.method ?? 'POST',
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status, ms: performance.now() - started, allow: response.headers.get('allow') };
  }

  /**
   * Streams `size` bytes on a connection of its own (with or without a content-length), and reports the
   * status as soon as the app answers; 0 when it cuts the connection without answering.
   */
  function sendLarge(size: number, headers: Record<string, string>, chunked: boolean): Promise<Answer> {
    const started = performance.now();
    return new Promise((resolve) => {
      let done = false;
      const finish = (status: number) => {
        if (done) return;
        done = true;
        req.destroy();
        resolve({ status, ms: performance.now() - started });
      };
      const req = httpRequest({
        host: '127.0.0.1',
        port: h.app.port,
        path: '/slack/events',
        method: 'POST',
        agent: false,
        headers: chunked ? headers : { ...headers, 'content-length': String(size) },
      });
      req.on('response', (res) => {
        res.resume();
        finish(res.statusCode ?? 0);
      });
      req.on('error', () => finish(0));
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (!done && sent < size) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!done) req.end();
      };
      pump();
    });
  }

  /** Sends a request and reports its answer with what it did to Redis. */
  async function untouched(request: () => Promise<Answer>): Promise<{ answer: Answer; redis: string[] }> {
    const before = await snapshot(h);
    const from = watch.count;
    const answer = await request();
    const commands = await watch.since(from);
    const changed = changedKeys(before, await snapshot(h));
    return { answer, redis: [...commands, ...changed.map((k) => `changed ${k}`)] };
  }

  it('can see a correctly signed request touch Redis (so the checks below mean something)', async () => {
    const { answer, redis } = await untouched(() =>
      send(listCommand(), headersFor(listCommand(), { contentType: FORM })),
    );
    expect(answer.status).toBe(200);
    expect(redis.length).toBeGreaterThan(0);
  });

  it.each<[string, () => [string, Record<string, string>]]>([
    [
      'signed with the wrong secret',
      () => [listCommand(), headersFor(listCommand(), { contentType: FORM, secret: 'x'.repeat(32) })],
    ],
    [
      'signed correctly but six minutes ago',
      () => [listCommand(), headersFor(listCommand(), { contentType: FORM, timestamp: String(now() - 360) })],
    ],
    ['without a signature', () => [listCommand(), headersFor(listCommand(), { contentType: FORM, signature: null })]],
    [
      'without a timestamp',
      () => {
        const headers = headersFor(listCommand(), { contentType: FORM });
        delete headers['x-slack-request-timestamp'];
        return [listCommand(), headers];
      },
    ],
    [
      'with a timestamp that is not a number',
      () => [listCommand(), headersFor(listCommand(), { contentType: FORM, timestamp: 'soon' })],
    ],
    [
      'with a signature of another version',
      () => [
        listCommand(),
        { ...headersFor(listCommand(), { contentType: FORM }), 'x-slack-signature': `v1=${'0'.repeat(64)}` },
      ],
    ],
    [
      'whose body was changed after signing',
      () => [
        listCommand().replace('text=list', 'text=declare+sev1+pwned'),
        headersFor(listCommand(), { contentType: FORM }),
      ],
    ],
    [
      'a 📌 event signed with the wrong secret',
      () => [pinEvent(), headersFor(pinEvent(), { contentType: JSON_TYPE, secret: 'y'.repeat(32) })],
    ],
  ])('should refuse a request %s with 401, before touching Redis', async (_what, build) => {
    const [body, headers] = build();
    const { answer, redis } = await untouched(() => send(body, headers));
    expect(answer.status).toBe(401);
    expect(redis).toEqual([]);
  });

  it.each<[string, () => [string, Record<string, string>]]>([
    [
      'a correctly signed body that is neither a form nor JSON',
      () => ['hello, warroom', headersFor('hello, warroom', { contentType: 'text/plain' })],
    ],
    [
      'a correctly signed event whose JSON is cut short',
      () => {
        const body = pinEvent().slice(0, 120);
        return [body, headersFor(body, { contentType: JSON_TYPE })];
      },
    ],
    [
      'a correctly signed form whose payload JSON is cut short',
      () => {
        const body = `payload=${encodeURIComponent('{"type":"block_actions","user":{"id":"U0DANA0001"')}`;
        return [body, headersFor(body, { contentType: FORM })];
      },
    ],
  ])('should answer %s with 400, before touching Redis', async (_what, build) => {
    const [body, headers] = build();
    const { answer, redis } = await untouched(() => send(body, headers));
    expect(answer.status).toBe(400);
    expect(redis).toEqual([]);
  });

  it.each<[string, () => [string, Record<string, string>]]>([
    [
      'an interactive payload of a type Slack does not have',
      () => {
        const body = `payload=${encodeURIComponent(JSON.stringify({ type: 'hostile_takeover', user: { id: 'U0DANA0001' } }))}`;
        return [body, headersFor(body, { contentType: FORM })];
      },
    ],
    [
      'a form that is neither a command nor a payload',
      () => ['foo=bar&baz=1', headersFor('foo=bar&baz=1', { contentType: FORM })],
    ],
    [
      'an event callback without its event',
      () => {
        const body = JSON.stringify({ type: 'event_callback', team_id: 'T0WARROOM', event_id: 'Ev0NOEVENT' });
        return [body, headersFor(body, { contentType: JSON_TYPE })];
      },
    ],
  ])('should answer %s with a 4xx, without touching Redis', async (_what, build) => {
    const [body, headers] = build();
    const { answer, redis } = await untouched(() => send(body, headers));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(redis).toEqual([]);
  });

  it('should turn away a 5 MB body with 413, signed or not, before touching Redis', async () => {
    for (const signature of [undefined, null]) {
      const { answer, redis } = await untouched(() =>
        sendLarge(FIVE_MB, headersFor('', { contentType: FORM, signature }), false),
      );
      expect(answer.status).toBe(413);
      expect(answer.ms).toBeLessThan(3000);
      expect(redis).toEqual([]);
    }
  });

  it('should turn away a 6 MB body sent without a length (chunked) with 413, before touching Redis', async () => {
    const { answer, redis } = await untouched(() =>
      sendLarge(6 * 1024 * 1024, headersFor('', { contentType: FORM }), true),
    );
    expect(answer.status).toBe(413);
    expect(answer.ms).toBeLessThan(3000);
    expect(redis).toEqual([]);
  });

  it('should answer an unsigned ssl_check that smuggles a command with 200 and run nothing', async () => {
    const body = `ssl_check=1&${listCommand()}`;
    const { answer, redis } = await untouched(() =>
      send(body, headersFor(body, { contentType: FORM, signature: null })),
    );
    expect(answer.status).toBe(200);
    expect(redis).toEqual([]);
  });

  it.each([
    ['JSON null', 'null', JSON_TYPE],
    ['a JSON array', '[]', JSON_TYPE],
    ['a JSON number', '42', JSON_TYPE],
    ['an interactive payload of null', new URLSearchParams({ payload: 'null' }).toString(), FORM],
  ])('should answer a signed body of %s with 400 at once, without touching Redis', async (_label, body, type) => {
    const { answer, redis } = await untouched(() => send(body, headersFor(body, { contentType: type })));
    expect(answer.status).toBe(400);
    expect(redis).toEqual([]);
    const forged = await send(body, headersFor(body, { contentType: type, secret: 'not-the-signing-secret-123456' }));
    expect(forged.status).toBe(401);
  });

  it('should answer a GET with 405 (saying POST), and a POST elsewhere with 404, without touching Redis', async () => {
    for (const [path, method, status] of [
      ['/slack/events', 'GET', 405],
      ['/slack/other', 'POST', 404],
      ['/slack/events/../../admin', 'POST', 404],
    ] as const) {
      const { answer, redis } = await untouched(() =>
        send(method === 'GET' ? undefined : listCommand(), headersFor(listCommand(), { contentType: FORM }), {
          path,
          method,
        }),
      );
      expect(answer.status, `${method} ${path}`).toBe(status);
      if (status === 405) expect(answer.allow).toBe('POST');
      expect(redis).toEqual([]);
    }
  });

  it(
    'should refuse any request that is not correctly signed with 401, quickly, whatever its body and headers',
    async () => {
      // What can travel in an HTTP header at all: visible ASCII.
      const headerValue = fc.stringMatching(/^[\x21-\x7e]{0,80}$/);
      const request = fc.record({
        contentType: fc.option(fc.constantFrom(FORM, JSON_TYPE, 'text/plain', 'multipart/form-data; boundary=x', ''), {
          nil: undefined,
        }),
        body: fc.oneof(
          hostileText,
          fc.string({ unit: 'binary' }),
          fc.constant(listCommand()),
          fc.constant(pinEvent()),
          hostileText.map(
            (t) => `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [{ value: t }] }))}`,
          ),
        ),
        signature: fc.oneof(
          fc.constant<'missing' | 'wrongSecret' | 'stale' | 'forged'>('missing'),
          fc.constantFrom<'missing' | 'wrongSecret' | 'stale' | 'forged'>('wrongSecret', 'stale', 'forged'),
          headerValue,
        ),
        timestamp: fc.oneof(
          fc.constant('now'),
          fc.constant('missing'),
          fc.integer({ min: -1e6, max: 1e6 }).map((d) => String(now() + d)),
          headerValue,
        ),
      });
      const before = await snapshot(h);
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          // Slack's connectivity check is exempt from signing by design, and never runs anything.
          fc.pre(!/(^|&)ssl_check=1(&|$)/.test(r.body));
          const timestamp = r.timestamp === 'now' ? String(now()) : r.timestamp === 'missing' ? undefined : r.timestamp;
          const signed = { ...(timestamp === undefined ? {} : { timestamp }) };
          const headers =
            r.signature === 'missing'
              ? headersFor(r.body, { ...signed, signature: null })
              : r.signature === 'wrongSecret'
                ? headersFor(r.body, { ...signed, secret: 'z'.repeat(32) })
                : r.signature === 'stale'
                  ? headersFor(r.body, { timestamp: String(now() - 400) })
                  : r.signature === 'forged'
                    ? headersFor(r.body, {
                        ...signed,
                        signature: `v0=${randomUUID().replaceAll('-', '')}${randomUUID().replaceAll('-', '')}`,
                      })
                    : headersFor(r.body, { ...signed, signature: r.signature });
          if (timestamp === undefined) delete headers['x-slack-request-timestamp'];
          if (r.contentType !== undefined) headers['content-type'] = r.contentType;
          const from = watch.count;
          const answer = await send(r.body, headers);
          expect(answer.status).toBe(401);
          expect(answer.ms).toBeLessThan(3000);
          expect(await watch.since(from, 0)).toEqual([]);
        }),
        fcParameters(runsOf('badRequests')),
      );
      expect(changedKeys(before, await snapshot(h))).toEqual([]);
    },
    timeoutFor(runsOf('badRequests')),
  );
});
