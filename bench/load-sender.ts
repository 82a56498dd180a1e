/**
 * @module bench/load-sender
 * A separate process sending signed `/incident note` commands as Slack does, from `BENCH_CONCURRENCY`
 * closed loops (50 or 200 in `npm run bench`); prints one JSON line (LoadReport).
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { signRequest } from '../src/sandbox/signing.js';
import { APP_ID, TEAM_DOMAIN, TEAM_ID } from '../src/sandbox/workspace.js';
import { type LatencySummary, summarize } from './latency-summary.js';

/** What the sender prints on stdout (one JSON line). */
export interface LoadReport {
  concurrency: number;
  warmup: number;
  /** Warm-up requests acked with the expected text (not timed, but recorded by the app all the same). */
  warmupOk: number;
  requests: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  /** 200 answers whose body did not contain the expected ack text. */
  unexpectedBodies: number;
  firstProblem: string | undefined;
  /**
   * The text of every note (warm-up included) that was not acked with the expected text; the note sent
   * as `/incident note <text>` is recorded with exactly this text. Empty when everything was acked.
   */
  notAcked: string[];
  durationMs: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
}

export interface LoadTarget {
  url: string;
  signingSecret: string;
  channelId: string;
  channelName: string;
  userId: string;
  userName: string;
  /** The ack body must contain this, or the request counts as unexpected. */
  expect: string;
  responseUrlBase: string;
}

interface Answer {
  status: number;
  body: string;
}

function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timed out after 10 s')));
    req.end(body);
  });
}

/** The text of the `i`-th note of a phase (`warmup` or `measured`): unique within one run of the sender. */
export function noteText(label: string, i: number): string {
  return `bench ${label} ${i}`;
}

/** The form body Slack posts for `/incident <text>` typed in a channel (see sandbox/people.ts `command`). */
function commandBody(target: LoadTarget, text: string): string {
  return new URLSearchParams({
    token: 'sandbox-verification-token',
    team_id: TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: target.channelId,
    channel_name: target.channelName,
    user_id: target.userId,
    user_name: target.userName,
    command: '/incident',
    text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: `${target.responseUrlBase}/response/${randomUUID()}`,
    trigger_id: `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomUUID().replaceAll('-', '')}`,
  }).toString();
}

/** Sends `count` notes from `concurrency` loops; returns per-request latencies (ms) and what came back. */
async function phase(agent: Agent, target: LoadTarget, label: string, count: number, concurrency: number) {
  const url = new URL(target.url);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let unexpected = 0;
  let firstProblem: string | undefined;
  const notAcked: string[] = [];
  let next = 0;
  const loop = async () => {
    for (let i = next++; i < count; i = next++) {
      const text = noteText(label, i);
      const body = commandBody(target, `note ${text}`);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signRequest(target.signingSecret, timestamp, body),
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      };
      const started = performance.now();
      try {
        const answer = await post(agent, url, headers, body);
        latencies.push(performance.now() - started);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status !== 200 || !answer.body.includes(target.expect)) {
          unexpected += 1;
          notAcked.push(text);
          firstProblem ??= `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
        } else {
          ok += 1;
        }
      } catch (error) {
        errors += 1;
        notAcked.push(text);
        firstProblem ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const durationMs = performance.now() - started;
  return { latencies, statuses, ok, errors, unexpected, firstProblem, notAcked, durationMs };
}

/** Warm-up (not measured), then `requests` measured requests, both at `concurrency`. */
export async function sendLoad(
  target: LoadTarget,
  options: { concurrency: number; warmup: number; requests: number },
): Promise<LoadReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    const warmup = await phase(agent, target, 'warmup', options.warmup, options.concurrency);
    const run = await phase(agent, target, 'measured', options.requests, options.concurrency);
    return {
      concurrency: options.concurrency,
      warmup: options.warmup,
      warmupOk: warmup.ok,
      requests: options.requests,
      ok: run.ok,
      errors: run.errors,
      statuses: run.statuses,
      unexpectedBodies: run.unexpected,
      firstProblem: run.firstProblem ?? warmup.firstProblem,
      notAcked: [...warmup.notAcked, ...run.notAcked],
      durationMs: Math.round(run.durationMs),
      requestsPerSecond: Math.round((options.requests / run.durationMs) * 1000),
      latencyMs: summarize(run.latencies),
    };
  } finally {
    agent.destroy();
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`load-sender needs ${name}`);
  return value;
}

async function main(): Promise<void> {
  const report = await sendLoad(
    {
      url: required('BENCH_TARGET_URL'),
      signingSecret: required('BENCH_SIGNING_SECRET'),
      channelId: required('BENCH_CHANNEL_ID'),
      channelName: process.env.BENCH_CHANNEL_NAME ?? 'unknown',
      userId: required('BENCH_USER_ID'),
      userName: process.env.BENCH_USER_NAME ?? 'bench',
      expect: process.env.BENCH_EXPECT ?? '',
      responseUrlBase: process.env.BENCH_RESPONSE_URL_BASE ?? 'http://127.0.0.1:9',
    },
    {
      concurrency: Number(process.env.BENCH_CONCURRENCY ?? 50),
      warmup: Number(process.env.BENCH_WARMUP ?? 300),
      requests: Number(process.env.BENCH_REQUESTS ?? 5000),
    },
  );
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
