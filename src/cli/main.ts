/**
 * @module cli/main
 * `warroom export <incident id | channel id> --format md|html|json|csv [--tz Europe/Madrid]`: the
 * timeline to stdout. Usage errors and unknown incidents exit 2; Redis unreachable exits 1.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { isTimeZone } from '../config.js';
import { exportIncident, FORMATS, isFormat } from '../export/run.js';
import { scrub } from '../log.js';
import { TEMPLATES_DIR } from '../paths.js';
import { IncidentStore } from '../store/incident-store.js';
import { loadTemplates } from '../templates/index.js';
import { TemplateError } from '../templates/load-yaml.js';

const USAGE = `usage: warroom export <incident id | channel id> --format ${FORMATS.join('|')} [--tz <IANA time zone>]

Reads REDIS_URL (default redis://127.0.0.1:6379), WARROOM_KEY_PREFIX (default warroom),
WARROOM_TIMEZONE (default UTC; --tz overrides) and WARROOM_TEMPLATES_DIR.`;

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

async function connect(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new CliError(`cannot reach Redis at ${scrub(url)} (${(error as Error).message}); set REDIS_URL`, 1);
  }
}

export async function run(argv: string[], env: NodeJS.ProcessEnv, out: (text: string) => void): Promise<void> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        tz: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(`${USAGE}\n`);
    return;
  }
  const [command, target, ...extra] = positionals;
  if (command !== 'export' || !target || extra.length > 0) throw new CliError(USAGE, 2);
  const format = String(values.format ?? '');
  if (!isFormat(format)) {
    throw new CliError(`unknown format "${format}"; use --format ${FORMATS.join(', ')}`, 2);
  }
  const timeZone = String(values.tz ?? env.WARROOM_TIMEZONE ?? 'UTC');
  if (!isTimeZone(timeZone))
    throw new CliError(`unknown time zone "${timeZone}"; use an IANA name such as Europe/Madrid`, 2);
  let templates: ReturnType<typeof loadTemplates>;
  try {
    templates = loadTemplates(env.WARROOM_TEMPLATES_DIR || TEMPLATES_DIR);
  } catch (error) {
    if (error instanceof TemplateError) throw new CliError(`a template is invalid\n${error.message}`, 1);
    throw error;
  }
  const redis = await connect(env.REDIS_URL || 'redis://127.0.0.1:6379');
  try {
    const store = new IncidentStore(redis, env.WARROOM_KEY_PREFIX || 'warroom');
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

try {
  await run(process.argv.slice(2), process.env, (text) => process.stdout.write(text));
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`warroom: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`warroom: ${(error as Error).message}\n`);
  process.exit(1);
}
