/**
 * @module cli/report
 * `warroom report [--since 90d] [--service payments-api] --format md|json|csv [--tz Europe/Madrid]`:
 * figures across the incidents declared in the window, computed from their logs, to stdout.
 */
import { isTimeZone } from '../config.js';
import { replay } from '../incident/state.js';
import { buildReport, type ReportIncident } from '../report/figures.js';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../report/format.js';
import { DeployStore } from '../store/deploy-store.js';
import { IncidentStore } from '../store/incident-store.js';
import { durationSchema } from '../templates/duration.js';
import { CliError, connect, keyPrefix, type Out } from './common.js';

export const REPORT_USAGE = `warroom report [--since 90d] [--service <name>] --format ${REPORT_FORMATS.join('|')} [--tz <IANA time zone>]`;

export async function reportCommand(
  positionals: string[],
  values: { format?: string; tz?: string; since?: string; service?: string },
  env: NodeJS.ProcessEnv,
  out: Out,
): Promise<void> {
  if (positionals.length > 0) throw new CliError(`usage: ${REPORT_USAGE}`, 2);
  const format = String(values.format ?? 'md');
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new CliError(`unknown format "${format}"; use --format ${REPORT_FORMATS.join(', ')}`, 2);
  const window = durationSchema.safeParse(values.since ?? '90d');
  if (!window.success) throw new CliError(`--since ${values.since}: give a duration such as 90d or 12h`, 2);
  const timeZone = String(values.tz ?? env.WARROOM_TIMEZONE ?? 'UTC');
  if (!isTimeZone(timeZone))
    throw new CliError(`unknown time zone "${timeZone}"; use an IANA name such as Europe/Madrid`, 2);
  const until = Date.now();
  const since = until - window.data;
  const redis = await connect(env);
  try {
    const prefix = keyPrefix(env);
    const store = new IncidentStore(redis, prefix);
    const ids = await redis.zrangebyscore(store.keys.allIncidents, String(since), String(until));
    const incidents: ReportIncident[] = [];
    for (const id of ids) {
      const log = await store.readEvents(id);
      const state = replay(log);
      if (state) incidents.push({ log, state });
    }
    // (Only read here: the retention matters to writes.)
    const deployStore = new DeployStore(redis, prefix, 30 * 86_400_000);
    const deploys: Record<string, number> = {};
    for (const name of await deployStore.services()) {
      if (values.service && name !== values.service) continue;
      deploys[name] = (await deployStore.deploys({ from: since, until }, [name])).length;
    }
    const report = buildReport(incidents, { since, until, timeZone, service: values.service, deploys });
    out(formatReport(report, format as ReportFormat));
  } finally {
    redis.disconnect();
  }
}
