/**
 * @module bench/ack-latency
 * Ack latency of `/incident note` under concurrent load (50 and 200 senders): a bare Bolt app vs warroom.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../src/paths.js';
import type { SlackUser } from '../src/sandbox/people.js';
import { startBareApp } from './bare-app.js';
import { type LoadReport, noteText } from './load-sender.js';
import { type Census, takeCensus } from './request-census.js';
import {
  BOT_TOKEN,
  declare,
  readLog,
  SIGNING_SECRET,
  settle,
  startUnderTest,
  type UnderTest,
  waitForBoard,
} from './under-test.js';

const SENDER = fileURLToPath(new URL('./load-sender.ts', import.meta.url));
/** How many texts of unacked notes results.json keeps (the count is always there). */
const KEEP_PROBLEMS = 20;

export interface LoadOptions {
  redisUrl: string;
  /** Concurrent senders, one load per level (e.g. 50 and 200). */
  levels: readonly number[];
  warmup: number;
  requests: number;
  /** More of warroom's environment. */
  env?: Record<string, string>;
}

/**
 * Every note warroom acked must be in the incident's log exactly once. `missing` counts acked notes not
 * in the log (lost), `duplicated` extra copies of a note; `recordedNotAcked` notes in the log whose
 * sender did not get the "Noted" ack (an error answer or a timeout after recording: not lost, but the
 * responder was told something else).
 */
export interface NoteCheck {
  sent: number;
  acked: number;
  inLog: number;
  missing: number;
  duplicated: number;
  recordedNotAcked: number;
  ok: boolean;
}

export interface AckLevel {
  concurrency: number;
  bare: LoadReport;
  warroom: LoadReport;
  /** warroom / bare. */
  ratio: { p50: number; p99: number; requestsPerSecond: number };
  check: NoteCheck;
  census: Census;
}

export interface AckLatencyResult {
  levels: AckLevel[];
}

interface Target {
  url: string;
  channelId: string;
  channelName: string;
  user: SlackUser;
  expect: string;
  responseUrlBase: string;
}

/** Runs bench/load-sender.ts in its own process against `target`; resolves with what it printed. */
function runSender(target: Target, options: { concurrency: number; warmup: number; requests: number }) {
  const child = spawn(process.execPath, ['--import', 'tsx', SENDER], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      BENCH_TARGET_URL: target.url,
      BENCH_SIGNING_SECRET: SIGNING_SECRET,
      BENCH_CHANNEL_ID: target.channelId,
      BENCH_CHANNEL_NAME: target.channelName,
      BENCH_USER_ID: target.user.id,
      BENCH_USER_NAME: target.user.profile.name,
      BENCH_EXPECT: target.expect,
      BENCH_RESPONSE_URL_BASE: target.responseUrlBase,
      BENCH_CONCURRENCY: String(options.concurrency),
      BENCH_WARMUP: String(options.warmup),
      BENCH_REQUESTS: String(options.requests),
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<LoadReport>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`load-sender exited with ${code}: ${stderr.trim()}`));
      else resolve(JSON.parse(line) as LoadReport);
    });
  });
}

/** Compares the notes the sender sent (and which it saw acked) with the NoteAdded events in the log. */
function checkNotes(report: LoadReport, logged: readonly string[]): NoteCheck {
  const counts = new Map<string, number>();
  for (const text of logged) counts.set(text, (counts.get(text) ?? 0) + 1);
  const notAcked = new Set(report.notAcked);
  const sent = [
    ...Array.from({ length: report.warmup }, (_, i) => noteText('warmup', i)),
    ...Array.from({ length: report.requests }, (_, i) => noteText('measured', i)),
  ];
  const acked = sent.filter((text) => !notAcked.has(text));
  const missing = acked.filter((text) => !counts.has(text)).length;
  const duplicated = [...counts.values()].reduce((extra, n) => extra + n - 1, 0);
  const recordedNotAcked = [...notAcked].filter((text) => counts.has(text)).length;
  return {
    sent: sent.length,
    acked: acked.length,
    inLog: logged.length,
    missing,
    duplicated,
    recordedNotAcked,
    ok: missing === 0 && duplicated === 0,
  };
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const trimmed = (report: LoadReport): LoadReport => ({ ...report, notAcked: report.notAcked.slice(0, KEEP_PROBLEMS) });

/**
 * For each concurrency level, sends the same signed `/incident note` load, from a separate process, first
 * to a bare Bolt app and then to warroom (into a freshly declared incident's channel), and checks that
 * every note warroom acked is in the log exactly once. Both apps run in this process for the whole
 * measurement; only one is under load at a time.
 */
export async function measureAckLatency(options: LoadOptions): Promise<AckLatencyResult> {
  // In this process: the census counts what happens on warroom's request path.
  const ut = await startUnderTest(options.redisUrl, { inProcess: true, ...(options.env ? { env: options.env } : {}) });
  const { emulator } = ut;
  const app = ut.app as NonNullable<UnderTest['app']>;
  const dana = emulator.user('dana');
  const bareApp = await startBareApp({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, apiUrl: emulator.apiUrl });
  const levels: AckLevel[] = [];
  try {
    for (const concurrency of options.levels) {
      const load = { concurrency, warmup: options.warmup, requests: options.requests };
      const incidentId = await declare(ut, `Ack latency at ${concurrency} senders`);
      const { channelId } = await waitForBoard(ut, incidentId);
      // Let the declare's own effects land first, so the load does not race them.
      await settle(ut, [incidentId]);
      const general = emulator.workspace.channels.get('C0GENERAL01');
      const bare = await runSender(
        {
          url: bareApp.url,
          channelId: 'C0GENERAL01',
          channelName: general?.name ?? 'general',
          user: dana,
          expect: 'ok',
          responseUrlBase: emulator.baseUrl,
        },
        load,
      );
      // Diagnostic knob: with the effects queue paused, only the request path is measured, not the workers.
      if (process.env.BENCH_PAUSE_WORKERS === '1') await app.services.effects.queue.pause();
      const counting = takeCensus(app);
      let warroom: LoadReport;
      try {
        warroom = await runSender(
          {
            url: `http://127.0.0.1:${app.port}/slack/events`,
            channelId,
            channelName: emulator.workspace.channels.get(channelId)?.name ?? 'unknown',
            user: dana,
            expect: 'Noted on the timeline',
            responseUrlBase: emulator.baseUrl,
          },
          load,
        );
      } finally {
        counting.stop();
        if (process.env.BENCH_PAUSE_WORKERS === '1') await app.services.effects.queue.resume();
      }
      const logged = (await readLog(ut, incidentId)).flatMap((e) =>
        e.type === 'NoteAdded' ? [String(e.data.text)] : [],
      );
      levels.push({
        concurrency,
        bare: trimmed(bare),
        warroom: trimmed(warroom),
        ratio: {
          p50: ratio(warroom.latencyMs.p50, bare.latencyMs.p50),
          p99: ratio(warroom.latencyMs.p99, bare.latencyMs.p99),
          requestsPerSecond: ratio(warroom.requestsPerSecond, bare.requestsPerSecond),
        },
        check: checkNotes(warroom, logged),
        census: counting.census,
      });
    }
  } finally {
    await bareApp.stop();
    await ut.stop();
  }
  return { levels };
}
