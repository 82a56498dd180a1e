/**
 * @module cli/export
 * `warroom export <incident id | channel id> --format md|html|json|csv [--tz Europe/Madrid]`: the
 * timeline to stdout.
 */
import { isTimeZone } from '../config.js';
import { exportIncident, FORMATS, isFormat } from '../export/run.js';
import { IncidentStore } from '../store/incident-store.js';
import { CliError, connect, keyPrefix, type Out, templatesFrom } from './common.js';

export const EXPORT_USAGE = `warroom export <incident id | channel id> --format ${FORMATS.join('|')} [--tz <IANA time zone>]`;

export async function exportCommand(
  positionals: string[],
  values: { format?: string; tz?: string },
  env: NodeJS.ProcessEnv,
  out: Out,
): Promise<void> {
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0) throw new CliError(`usage: ${EXPORT_USAGE}`, 2);
  const format = String(values.format ?? '');
  if (!isFormat(format)) {
    throw new CliError(`unknown format "${format}"; use --format ${FORMATS.join(', ')}`, 2);
  }
  const timeZone = String(values.tz ?? env.WARROOM_TIMEZONE ?? 'UTC');
  if (!isTimeZone(timeZone))
    throw new CliError(`unknown time zone "${timeZone}"; use an IANA name such as Europe/Madrid`, 2);
  const templates = templatesFrom(env);
  const redis = await connect(env);
  try {
    const store = new IncidentStore(redis, keyPrefix(env));
    const incidentId = /^[CG][A-Z0-9]+$/.test(target) ? await store.incidentForChannel(target) : target.toUpperCase();
    if (!incidentId) throw new CliError(`no incident has channel ${target}`, 2);
    const people = await redis.hgetall(store.keys.people);
    const result = await exportIncident(store, templates, incidentId, format, { timeZone, now: Date.now(), people });
    if (!result) throw new CliError(`no incident ${incidentId}; \`/incident list\` in Slack shows the open ones`, 2);
    out(result.content);
  } finally {
    redis.disconnect();
  }
}
