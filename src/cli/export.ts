/**
 * @module cli/export
 * `warroom export <incident id | channel id> --format md|html|json|csv [--tz Europe/Madrid]`: the
 * timeline to stdout, written a chunk at a time as it is rendered, each chunk once stdout has taken the ones before
 * (a pipe read slowly would otherwise have the whole export queued in memory).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { isTimeZone } from '../config.js';
import { FORMATS, isFormat, streamExport } from '../export/run.js';
import { IncidentStore } from '../store/incident-store.js';
import { CliError, connect, keyPrefix, type Out, templatesFrom } from './common.js';

export const EXPORT_USAGE = `warroom export <incident id | channel id> --format ${FORMATS.join('|')} [--tz <IANA time zone>]`;

/** What `out` writes to, as far as waiting for it goes. */
export type Drainable = Pick<Writable, 'writableNeedDrain'> & NodeJS.EventEmitter;

/**
 * Writes the export through `out`, a chunk at a time; while `written` (the stream `out` writes to: stdout for the CLI)
 * holds more than it wants to, waits for it to drain before rendering the next chunk.
 */
export async function exportCommand(
  positionals: string[],
  values: { format?: string; tz?: string },
  env: NodeJS.ProcessEnv,
  out: Out,
  written: Drainable = process.stdout,
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
    const result = await streamExport(store, templates, incidentId, format, { timeZone, now: Date.now(), people });
    if (!result) throw new CliError(`no incident ${incidentId}; \`/incident list\` in Slack shows the open ones`, 2);
    for (const chunk of result.chunks) {
      out(chunk);
      if (written.writableNeedDrain) await drained(written);
    }
  } finally {
    redis.disconnect();
  }
}

/**
 * Once `stream` has written out what it holds (or closed, or failed: then it rejects, and so does the export).
 * @throws whatever error `stream` emits meanwhile (EPIPE when the reader went away).
 */
async function drained(stream: Drainable): Promise<void> {
  const waiting = new AbortController();
  const options = { signal: waiting.signal };
  try {
    await Promise.race([once(stream, 'drain', options), once(stream, 'close', options)]);
  } finally {
    // The other wait ends here, its listener gone.
    waiting.abort();
  }
}
