/**
 * warroom's own HTTP routes (health, readiness, export links, the freeze API, Slack's endpoint) against
 * whatever the network sends: any method, path, query and body. Every request gets an answer, and no
 * request takes the process down, in each kind of process: HTTP mode, Socket Mode, and a worker.
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

const LINKS = {
  WARROOM_PUBLIC_URL: 'https://warroom.example.com',
  WARROOM_LINK_SECRET: 'route-fuzz-link-secret-0123456789abcdef',
  WARROOM_API_TOKEN: 'route-fuzz-api-token-0123456789',
};

interface Raw {
  status: number;
  body: string;
}

/** Sends exactly these bytes of request line and body (no client-side normalising of the path). */
function send(port: number, method: string, path: string, body: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers, agent: false, timeout: 10_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path} within 10 s`)));
    req.on('error', reject);
    if (method !== 'GET' && method !== 'HEAD') req.end(body);
    else req.end();
  });
}

const segment = fc.oneof(
  fc.constantFrom('incidents', 'INC-1', 'INC-99999999999999', 'postmortem.html', 'postmortem.json', 'api', 'freeze'),
  fc.constantFrom('healthz', 'readyz', 'slack', 'events', 'hooks', '..', '.', '', '%', '%E0%A4%A', '%FF', '%00', '%2F'),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => encodeURIComponent(s)),
  fc.stringMatching(/^[A-Za-z0-9._~%-]{0,30}$/),
);
const path = fc
  .array(segment, { minLength: 0, maxLength: 6 })
  .map((parts) => `/${parts.join('/')}`)
  .chain((p) =>
    fc.oneof(
      fc.constant(p),
      fc
        .array(fc.tuple(fc.constantFrom('sig', 'exp', 'x', ''), fc.string({ maxLength: 40 })), { maxLength: 4 })
        .map((pairs) => `${p}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
      fc.constant(`${p}?sig=${encodeURIComponent('é'.repeat(32))}&exp=99999999999`),
    ),
  );
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS');
const body = fc.oneof(
  fc.constant(''),
  fc.constant('null'),
  fc.constant('[]'),
  fc.json(),
  fc.string({ maxLength: 200 }),
);
const headers = fc.record({
  'content-type': fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'x/y'),
  authorization: fc.constantFrom('', `Bearer ${LINKS.WARROOM_API_TOKEN}`, 'Bearer nope', 'Basic Zm9vOmJhcg=='),
});

describe.each([
  ['an HTTP-mode process', { mode: 'http' as const }],
  ['a Socket Mode process', { mode: 'socket' as const }],
  ['a worker process', { role: 'worker' as const }],
])('the HTTP routes of %s', (_label, options) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ...options, env: LINKS });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('should answer any method, path, query and body with a status, and stay up', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, body, headers, async (m, p, b, hs) => {
        const sent = Object.fromEntries(Object.entries(hs).filter(([, v]) => v !== ''));
        const answer = await send(h.app.port, m, p, b, sent);
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(600);
        expect(answer.status, `${m} ${p}: ${answer.body}`).not.toBe(500);
      }),
      { numRuns: 300 },
    );
    expect((await send(h.app.port, 'GET', '/healthz', '', {})).status).toBe(200);
  }, 60_000);

  it('should answer the requests that used to take a process down, and still answer /healthz', async () => {
    const wide = encodeURIComponent('é'.repeat(32));
    for (const p of ['/incidents/%E0%A4%A/x', `/incidents/INC-1/postmortem.html?exp=9999999999&sig=${wide}`]) {
      const answer = await send(h.app.port, 'GET', p, '', {});
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    expect((await send(h.app.port, 'GET', '/healthz', '', {})).status).toBe(200);
  });

  it('should tell a pipeline whether deploys are frozen, only with the API token', async () => {
    expect((await send(h.app.port, 'GET', '/api/freeze', '', {})).status).toBe(401);
    const answer = await send(h.app.port, 'GET', '/api/freeze', '', {
      authorization: `Bearer ${LINKS.WARROOM_API_TOKEN}`,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ frozen: expect.any(Boolean), incidents: expect.any(Array) });
  });
});
