/** @module bench/run `npm run bench`: runs every benchmark, prints a report and writes bench/results.json. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeRedisUrl } from '../src/redis/connection.js';
import { type AckLatencyResult, measureAckLatency } from './ack-latency.js';
import { describeMachine } from './machine.js';
import { measureRecordThroughput, type ThroughputResult } from './record-throughput.js';
import { formatTable } from './table.js';

const RESULTS_PATH = fileURLToPath(new URL('./results.json', import.meta.url));

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return value;
}

const ms = (x: number) => x.toFixed(2);

function printAck(ack: AckLatencyResult): void {
  const row = (name: string, r: AckLatencyResult['bare']) => [
    name,
    ms(r.latencyMs.p50),
    ms(r.latencyMs.p90),
    ms(r.latencyMs.p99),
    ms(r.latencyMs.max),
    String(r.requestsPerSecond),
    `${r.ok}/${r.requests}`,
  ];
  const { bare, warroom, ratio, check, census } = ack;
  console.log(
    `\n1. Ack latency: /incident note, ${bare.concurrency} concurrent senders, ${bare.requests} requests after ${bare.warmup} warm-up (ms)\n`,
  );
  console.log(
    formatTable(
      ['app', 'p50', 'p90', 'p99', 'max', 'req/s', 'acked ok'],
      [
        row('bare Bolt', bare),
        row('warroom', warroom),
        ['warroom / bare', `${ratio.p50}x`, '', `${ratio.p99}x`, '', `${ratio.requestsPerSecond}x`, ''],
      ],
    ),
  );
  const sent = check.expected;
  const per = (n: number) => (n / sent).toFixed(2);
  const commands = Object.entries(census.redisCommands)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${per(n)}`)
    .join(', ');
  console.log(
    `\nPer note on warroom's request path: ${per(census.appends.appended + census.appends.conflict)} append attempts (${census.appends.conflict} lost races in all), ${per(census.loads)} log loads; Redis commands: ${commands}`,
  );
  console.log(
    `Effects worker, same process: ${census.jobsDelayed} dispatch jobs put back to wait for their predecessor (${per(census.jobsDelayed)} per note)`,
  );
  for (const [name, r] of [
    ['bare', bare],
    ['warroom', warroom],
  ] as const) {
    if (r.firstProblem)
      console.log(`${name}: ${r.errors} errors, ${r.unexpectedBodies} unexpected answers; first: ${r.firstProblem}`);
  }
  console.log(
    `Check: NoteAdded events in the incident log = ${check.found}, sent ${check.expected}, acked "Noted" ${check.acked} → ${check.ok ? 'OK' : 'FAIL'}${check.found < check.acked ? ' (an acked note is missing!)' : ''}`,
  );
}

function printThroughput(t: ThroughputResult): void {
  console.log(`\n2. Recorded events/s: ${t.concurrency} concurrent loops, ${t.windowSeconds} s window\n`);
  console.log(
    formatTable(
      ['what', 'operations', 'elapsed ms', 'ops/s'],
      [
        [
          'warroom IncidentStore.append (durable)',
          String(t.warroom.operations),
          String(t.warroom.elapsedMs),
          String(t.warroom.opsPerSecond),
        ],
        [
          `BullMQ add + no-op worker (c=${t.bullmq.workerConcurrency}), processed`,
          String(t.bullmq.operations),
          String(t.bullmq.elapsedMs),
          String(t.bullmq.opsPerSecond),
        ],
        ['BullMQ add only (for reference)', '', '', String(t.bullmq.addOnlyPerSecond)],
        ['warroom / BullMQ processed', '', '', `${t.ratio}x`],
      ],
    ),
  );
  console.log(`Check: events in the log = ${t.warroom.inLog}, appended ${t.warroom.operations}`);
}

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const load = {
    redisUrl,
    concurrency: numberFromEnv('BENCH_CONCURRENCY', 50),
    warmup: numberFromEnv('BENCH_WARMUP', 300),
    requests: numberFromEnv('BENCH_REQUESTS', 5000),
  };
  const machine = await describeMachine(redisUrl);
  console.log(
    `warroom bench · ${machine.cpus} × ${machine.cpuModel} · ${machine.memoryGiB} GiB · Node ${machine.node} · Redis ${machine.redis} at ${describeRedisUrl(redisUrl)}`,
  );
  const ackLatency = await measureAckLatency(load);
  printAck(ackLatency);
  const recordThroughput = await measureRecordThroughput({
    redisUrl,
    concurrency: load.concurrency,
    seconds: numberFromEnv('BENCH_SECONDS', 3),
  });
  printThroughput(recordThroughput);
  const throughputOk = recordThroughput.warroom.inLog === recordThroughput.warroom.operations;
  const results = {
    machine,
    date: new Date().toISOString(),
    settings: {
      concurrency: load.concurrency,
      warmup: load.warmup,
      requests: load.requests,
      seconds: recordThroughput.windowSeconds,
    },
    results: { ackLatency, recordThroughput },
    ok: ackLatency.check.ok && throughputOk,
  };
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${RESULTS_PATH}`);
  if (!results.ok) {
    console.error('bench FAILED: a recorded count does not match what was acked');
    process.exitCode = 1;
  }
}

await main();
