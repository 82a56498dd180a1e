import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusEmulator, type PrometheusEmulatorOptions } from '../../src/sandbox/prometheus/emulator.js';

// ── harness ────────────────────────────────────────────────────────────────────────────────────────
const RATIO = 'sum(rate(http_errors_total[5m]))/sum(rate(http_requests_total[5m]))';
/** 2026-01-02T03:00:00Z, in Unix seconds. */
const T0 = Date.UTC(2026, 0, 2, 3, 0, 0) / 1000;
const SPIKE = T0 + 6 * 60;
const RECOVERY = T0 + 41 * 60;
const story = (t: number) => (t < SPIKE ? 0.002 : t < RECOVERY ? 0.12 : 0.003);

let prom: PrometheusEmulator | undefined;

async function setUp(options: PrometheusEmulatorOptions = {}) {
  prom = await PrometheusEmulator.start({ clock: () => (SPIKE + 600) * 1000, ...options });
  prom.series(RATIO, story);
  return prom;
}

afterEach(async () => {
  expect(prom?.problems ?? []).toEqual([]);
  await prom?.stop();
  prom = undefined;
});

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  json: unknown;
}

async function call(path: string, params: Record<string, string | number>, init: RequestInit = {}): Promise<Answer> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const response = await fetch(`${prom?.baseUrl}${path}?${query}`, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), text, json };
}

const instant = (params: Record<string, string | number>, init?: RequestInit) => call('/api/v1/query', params, init);
const range = (params: Record<string, string | number>, init?: RequestInit) =>
  call('/api/v1/query_range', params, init);

async function post(path: string, body: Record<string, string | number>, urlParams = '') {
  const response = await fetch(`${prom?.baseUrl}${path}${urlParams}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])),
  });
  return { status: response.status, text: await response.text() };
}

/** The error a fetch rejected with, with its cause's code (ECONNREFUSED, …). */
async function failure(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? String(error);
  }
  throw new Error('the request succeeded');
}

// ── envelopes ──────────────────────────────────────────────────────────────────────────────────────
describe('Prometheus emulator: answers', () => {
  it('should answer an instant query with a vector whose value is a string at a timestamp in seconds', async () => {
    await setUp();
    const answer = await instant({ query: RATIO, time: SPIKE + 60 });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json');
    expect(answer.text).toBe(
      `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[${SPIKE + 60},"0.12"]}]}}`,
    );
  });

  it('should read the metric at the emulator clock when the query gives no time', async () => {
    const emulator = await setUp();
    emulator.setClock((SPIKE - 60) * 1000 + 250);
    expect((await instant({ query: RATIO })).json).toEqual({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [SPIKE - 60 + 0.25, '0.002'] }] },
    });
    emulator.setClock(RECOVERY * 1000);
    expect((await instant({ query: RATIO })).text).toContain(`"value":[${RECOVERY},"0.003"]`);
  });

  it('should answer query_range with a matrix of one point per step, start and end included', async () => {
    await setUp();
    const answer = await range({ query: RATIO, start: SPIKE - 120, end: SPIKE + 120, step: '1m' });
    expect(answer.json).toEqual({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [SPIKE - 120, '0.002'],
              [SPIKE - 60, '0.002'],
              [SPIKE, '0.12'],
              [SPIKE + 60, '0.12'],
              [SPIKE + 120, '0.12'],
            ],
          },
        ],
      },
    });
  });

  it('should show the first healthy minute after the spike where the series put it', async () => {
    await setUp();
    const answer = await range({ query: RATIO, start: SPIKE, end: SPIKE + 3600, step: 60 });
    const { values } = (answer.json as { data: { result: [{ values: [number, string][] }] } }).data.result[0];
    expect(values.find(([, v]) => Number(v) < 0.01)?.[0]).toBe(RECOVERY);
  });

  it('should write sub-second steps with three decimals, as Prometheus does', async () => {
    await setUp();
    const answer = await range({ query: RATIO, start: SPIKE, end: SPIKE + 1, step: 0.5 });
    expect(answer.text).toContain(`"values":[[${SPIKE},"0.12"],[${SPIKE}.500,"0.12"],[${SPIKE + 1},"0.12"]]`);
  });

  it('should accept the parameters in a form-encoded POST, the body before the URL', async () => {
    await setUp();
    const byBody = await post('/api/v1/query', { query: RATIO, time: SPIKE - 1 });
    expect(byBody.text).toContain(`"value":[${SPIKE - 1},"0.002"]`);
    const both = await post('/api/v1/query', { time: RECOVERY }, `?query=${encodeURIComponent(RATIO)}&time=${SPIKE}`);
    expect(both.text).toContain(`"value":[${RECOVERY},"0.003"]`);
    const ranged = await post('/api/v1/query_range', { query: RATIO, start: SPIKE, end: SPIKE + 60, step: 60 });
    expect(ranged.text).toContain(`"values":[[${SPIKE},"0.12"],[${SPIKE + 60},"0.12"]]`);
    expect(prom?.calls.map((c) => [c.endpoint, c.encoding])).toEqual([
      ['query', 'form'],
      ['query', 'form'],
      ['query_range', 'form'],
    ]);
  });

  it('should write NaN, infinities, negative zero and tiny values as Prometheus 2.42 does', async () => {
    const emulator = await setUp();
    const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e-7, 1e21, 0.1 + 0.2];
    emulator.series(
      'odd',
      values.map((v, i) => ({ labels: { i: String(i) }, values: () => v })),
    );
    const answer = await instant({ query: 'odd', time: 1 });
    const result = (answer.json as { data: { result: { value: [number, string] }[] } }).data.result;
    expect(result.map((r) => r.value[1])).toEqual([
      'NaN',
      '+Inf',
      '-Inf',
      '-0',
      '1e-07',
      '1e+21',
      '0.30000000000000004',
    ]);
  });

  it('should answer a scalar as a scalar, and as an unlabelled series in a range', async () => {
    const emulator = await setUp();
    emulator.scalar('scalar(sum(up))', () => 1e-7);
    expect((await instant({ query: 'scalar(sum(up))', time: 1.5 })).text).toBe(
      '{"status":"success","data":{"resultType":"scalar","result":[1.5,"0.0000001"]}}',
    );
    expect((await range({ query: 'scalar(sum(up))', start: 0, end: 1, step: 1 })).text).toBe(
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[0,"1e-07"],[1,"1e-07"]]}]}}',
    );
  });

  it('should answer a query that matches nothing with an empty vector, and an empty matrix for a range', async () => {
    await setUp();
    expect((await instant({ query: 'http_errors_total{service="nope"}' })).text).toBe(
      '{"status":"success","data":{"resultType":"vector","result":[]}}',
    );
    expect((await range({ query: 'http_errors_total{service="nope"}', start: 0, end: 60, step: 15 })).text).toBe(
      '{"status":"success","data":{"resultType":"matrix","result":[]}}',
    );
  });

  it('should treat a query written with other spacing as the same query, but not inside a string', async () => {
    const emulator = await setUp();
    emulator.series('up{job="a b"}', () => 1);
    const spaced = 'sum(rate(http_errors_total[5m])) / sum(rate(http_requests_total[5m]))';
    expect((await instant({ query: spaced, time: SPIKE })).text).toContain('"0.12"');
    expect((await instant({ query: 'up{job = "a b"}', time: 1 })).text).toContain('"1"');
    expect((await instant({ query: 'up{job="ab"}', time: 1 })).text).toContain('"result":[]');
  });

  it('should put the warnings the test gives in the answer', async () => {
    const emulator = await setUp();
    emulator.series('up', () => 1, { warnings: ['remote_read: connection refused'] });
    expect((await instant({ query: 'up', time: 1 })).json).toEqual({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [1, '1'] }] },
      warnings: ['remote_read: connection refused'],
    });
  });

  it('should read a list of points as stored samples: the latest one, for five minutes', async () => {
    const emulator = await setUp();
    emulator.series('checkout_error_ratio', [
      [100, 0.5],
      [115, 0.25],
    ]);
    const at = async (time: number) => (await instant({ query: 'checkout_error_ratio', time })).text;
    expect(await at(99)).toContain('"result":[]');
    expect(await at(114.999)).toContain('"value":[114.999,"0.5"]');
    expect(await at(115)).toContain('"value":[115,"0.25"]');
    expect(await at(415)).toContain('"value":[415,"0.25"]');
    expect(await at(415.001)).toContain('"result":[]');
  });

  it('should sort a range answer by labels and leave out series without a point in it', async () => {
    const emulator = await setUp();
    emulator.series('up', [
      { labels: { job: 'web' }, values: () => 1 },
      { labels: { job: 'gone' }, values: (t) => (t < 50 ? 1 : undefined) },
      { labels: { job: 'api' }, values: () => 0 },
    ]);
    const answer = await range({ query: 'up', start: 60, end: 120, step: 60 });
    const result = (answer.json as { data: { result: { metric: { job: string } }[] } }).data.result;
    expect(result.map((r) => r.metric.job)).toEqual(['api', 'web']);
  });
});

// ── parameters ─────────────────────────────────────────────────────────────────────────────────────
describe('Prometheus emulator: parameters, checked as 2.42 checks them', () => {
  it.each([
    [
      '/api/v1/query',
      { query: RATIO, time: 'yesterday' },
      'invalid parameter "time": Invalid time value for \'time\': cannot parse "yesterday" to a valid timestamp',
    ],
    [
      '/api/v1/query',
      { query: RATIO, timeout: '10 s' },
      'invalid parameter "timeout": cannot parse "10 s" to a valid duration',
    ],
    ['/api/v1/query', { query: '' }, 'invalid parameter "query": 1:1: parse error: no expression found in input'],
    [
      '/api/v1/query_range',
      { query: RATIO, end: 10, step: 1 },
      'invalid parameter "start": cannot parse "" to a valid timestamp',
    ],
    [
      '/api/v1/query_range',
      { query: RATIO, start: 1, end: 'x', step: 1 },
      'invalid parameter "end": cannot parse "x" to a valid timestamp',
    ],
    [
      '/api/v1/query_range',
      { query: RATIO, start: 10, end: 1, step: 1 },
      'invalid parameter "end": end timestamp must not be before start time',
    ],
    [
      '/api/v1/query_range',
      { query: RATIO, start: 1, end: 10, step: 'often' },
      'invalid parameter "step": cannot parse "often" to a valid duration',
    ],
    [
      '/api/v1/query_range',
      { query: RATIO, start: 1, end: 10, step: 0 },
      'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
    ],
    [
      '/api/v1/query_range',
      { query: '', start: 1, end: 10, step: 1, timeout: 'zz' },
      'invalid parameter "timeout": cannot parse "zz" to a valid duration',
    ],
  ])('should refuse %s with %j as bad_data: %s', async (path, params, error) => {
    await setUp();
    const answer = await call(path, params);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ status: 'error', errorType: 'bad_data', error });
  });

  it('should accept RFC 3339 times and durations such as 1m30s', async () => {
    await setUp();
    const start = new Date(SPIKE * 1000).toISOString();
    const answer = await range({ query: RATIO, start, end: SPIKE + 180, step: '1m30s' });
    expect(answer.text).toContain(`"values":[[${SPIKE},"0.12"],[${SPIKE + 90},"0.12"],[${SPIKE + 180},"0.12"]]`);
  });

  it('should refuse a range of more than 11,000 points per series, and take 11,000 steps', async () => {
    await setUp();
    const tooMany = await range({ query: RATIO, start: 0, end: 11_001, step: 1 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toBe(
      '{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"}',
    );
    const justEnough = await range({ query: RATIO, start: SPIKE, end: SPIKE + 11_000 * 15, step: 15 });
    expect(justEnough.status).toBe(200);
    const { values } = (justEnough.json as { data: { result: [{ values: unknown[] }] } }).data.result[0];
    expect(values).toHaveLength(11_001);
  });
});

// ── faults ─────────────────────────────────────────────────────────────────────────────────────────
describe('Prometheus emulator: faults', () => {
  it('should answer a query marked bad with the parse error 2.42 gives', async () => {
    const emulator = await setUp();
    const broken = 'sum(rate(http_errors_total[5m]))/sum(rate(http_requests_total[5m])';
    emulator.badQuery(broken);
    const answer = await instant({ query: broken });
    expect(answer.status).toBe(400);
    expect(answer.text).toBe(
      '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:67: parse error: unclosed left parenthesis"}',
    );
    emulator.badQuery('up', "1:3: parse error: unexpected character: '!'");
    expect((await range({ query: 'up', start: 0, end: 1, step: 1 })).json).toMatchObject({
      error: 'invalid parameter "query": 1:3: parse error: unexpected character: \'!\'',
    });
  });

  it('should answer late when slow, and with the timeout error when the call asked for less', async () => {
    const emulator = await setUp();
    emulator.injectFault({ kind: 'slow', delayMs: 300, endpoint: 'query' });
    const started = Date.now();
    const slow = await instant({ query: RATIO, time: SPIKE });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(slow.text).toContain('"0.12"');
    const timedOut = await instant({ query: RATIO, time: SPIKE, timeout: '100ms' });
    expect(timedOut.status).toBe(503);
    expect(timedOut.json).toEqual({
      status: 'error',
      errorType: 'timeout',
      error: 'query timed out in expression evaluation',
    });
    expect((await range({ query: RATIO, start: 0, end: 1, step: 1 })).status).toBe(200);
  });

  it.each([
    [500, 'application/json', '{"status":"error","errorType":"internal","error":"TSDB not ready"}'],
    [503, 'text/plain; charset=utf-8', 'Service Unavailable'],
    [502, 'text/html', '<center><h1>502 Bad Gateway</h1></center>'],
    [504, 'text/html', '<center><h1>504 Gateway Time-out</h1></center>'],
  ] as const)('should answer %i for as many calls as the fault says, then the metric', async (status, type, body) => {
    const emulator = await setUp();
    emulator.injectFault({ kind: 'server-error', status, times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const answer = await instant({ query: RATIO, time: SPIKE });
      expect([answer.status, answer.contentType]).toEqual([status, type]);
      expect(answer.text).toContain(body);
    }
    expect((await instant({ query: RATIO, time: SPIKE })).status).toBe(200);
  });

  it('should answer the timeout and execution errors with their statuses', async () => {
    const emulator = await setUp();
    emulator.injectFault({ kind: 'timeout', endpoint: 'query_range', times: 1 });
    emulator.injectFault({ kind: 'execution', query: RATIO, times: 1 });
    const timeout = await range({ query: RATIO, start: 0, end: 60, step: 15 });
    expect([timeout.status, (timeout.json as { errorType: string }).errorType]).toEqual([503, 'timeout']);
    const execution = await instant({ query: RATIO });
    expect(execution.status).toBe(422);
    expect(execution.json).toMatchObject({ status: 'error', errorType: 'execution' });
    expect((execution.json as { error: string }).error).toContain('many-to-many matching not allowed');
    expect(prom?.calls.map((c) => [c.fault, c.errorType])).toEqual([
      ['timeout', 'timeout'],
      ['execution', 'execution'],
    ]);
  });

  it('should cut the connection without an answer when reset', async () => {
    const emulator = await setUp();
    emulator.injectFault({ kind: 'reset', times: 1 });
    expect(await failure(instant({ query: RATIO }))).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/);
    expect((await instant({ query: RATIO })).status).toBe(200);
    expect(prom?.calls.map((c) => c.status)).toEqual([0, 200]);
  });

  it('should refuse connections while down, and answer on the same port once up', async () => {
    const emulator = await setUp();
    const { baseUrl } = emulator;
    await emulator.setDown(true);
    expect(await failure(fetch(`${baseUrl}/api/v1/query?query=up`))).toBe('ECONNREFUSED');
    await emulator.setDown(false);
    expect(emulator.baseUrl).toBe(baseUrl);
    expect((await instant({ query: RATIO, time: SPIKE })).status).toBe(200);
    expect(emulator.calls).toHaveLength(1);
  });
});

// ── authorization, routes, recording ───────────────────────────────────────────────────────────────
describe('Prometheus emulator: authorization and recording', () => {
  const AUTHORIZATION = 'Bearer glc_prometheus-token-for-tests';

  it('should answer 401 without the Authorization header it was given, as Prometheus behind basic auth does', async () => {
    await setUp({ authorization: AUTHORIZATION });
    for (const headers of [{}, { authorization: 'Bearer wrong' }] as Record<string, string>[]) {
      const response = await fetch(`${prom?.baseUrl}/api/v1/query?query=up`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic');
      expect(await response.text()).toBe('Unauthorized\n');
    }
    const answer = await instant({ query: RATIO, time: SPIKE }, { headers: { authorization: AUTHORIZATION } });
    expect(answer.status).toBe(200);
    expect(prom?.calls.map((c) => c.authorized)).toEqual([false, false, true]);
    expect(JSON.stringify(prom?.calls)).not.toContain('glc_prometheus-token-for-tests');
  });

  it('should answer readiness, 404 for another path and 405 for another method', async () => {
    await setUp();
    const ready = await fetch(`${prom?.baseUrl}/-/ready`);
    expect([ready.status, await ready.text()]).toEqual([200, 'Prometheus Server is Ready.\n']);
    const missing = await fetch(`${prom?.baseUrl}/api/v1/querry?query=up`);
    expect([missing.status, await missing.text()]).toEqual([404, '404 page not found\n']);
    const put = await fetch(`${prom?.baseUrl}/api/v1/query?query=up`, { method: 'PUT' });
    expect([put.status, put.headers.get('allow'), await put.text()]).toEqual([
      405,
      'GET, OPTIONS, POST',
      'Method Not Allowed\n',
    ]);
  });

  it('should record every call with the parameters Prometheus read, and let a test wait for one', async () => {
    const emulator = await setUp();
    const seen = emulator.waitFor(() => emulator.calls.find((c) => c.endpoint === 'query_range'));
    await instant({ query: RATIO, time: 'soon' }, { headers: { 'user-agent': 'warroom-test' } });
    await range({ query: RATIO, start: SPIKE - 1800, end: SPIKE, step: 60 });
    const call = await seen;
    expect(call).toMatchObject({
      seq: 2,
      method: 'GET',
      path: '/api/v1/query_range',
      params: { query: RATIO, start: String(SPIKE - 1800), end: String(SPIKE), step: '60' },
      encoding: 'url',
      status: 200,
      at: (SPIKE + 600) * 1000,
    });
    expect(emulator.calls[0]).toMatchObject({
      status: 400,
      errorType: 'bad_data',
      headers: { 'user-agent': 'warroom-test' },
    });
    await expect(emulator.waitFor(() => emulator.calls.length > 5, 100)).rejects.toThrow(
      /condition not met within 100 ms; last calls: GET \/api\/v1\/query .* → 400/,
    );
  });

  it('should let stop end a slow answer still waiting', async () => {
    const emulator = await setUp();
    emulator.injectFault({ kind: 'slow', delayMs: 60_000 });
    const pending = failure(instant({ query: RATIO }));
    await emulator.waitFor(() => emulator.calls.length === 1);
    const started = Date.now();
    await emulator.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/);
    prom = undefined;
  });
});
