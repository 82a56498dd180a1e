/**
 * @module cli/main
 * The `warroom` CLI (`npx warroom …`): `export` writes an incident's timeline to stdout; `freeze check`
 * tells a pipeline whether it may deploy; `deploy` tells warroom a deploy went out; `report` gives figures
 * across incidents. Usage errors and unknown incidents exit 2, Redis unreachable
 * exits 1, a freeze check that finds deploys frozen exits 3.
 */
import { parseArgs } from 'node:util';
import { CliError, type Out } from './common.js';
import { DEPLOY_USAGE, deployCommand } from './deploy.js';
import { EXPORT_USAGE, exportCommand } from './export.js';
import { FREEZE_USAGE, freezeCommand } from './freeze.js';
import { REPORT_USAGE, reportCommand } from './report.js';

const USAGE = `usage:
  ${EXPORT_USAGE}
  ${FREEZE_USAGE}
  ${DEPLOY_USAGE}
  ${REPORT_USAGE}

Reads REDIS_URL (default redis://127.0.0.1:6379), WARROOM_KEY_PREFIX (default warroom),
WARROOM_TIMEZONE (default UTC; --tz overrides) and WARROOM_TEMPLATES_DIR.`;

export async function run(argv: string[], env: NodeJS.ProcessEnv, out: Out): Promise<void> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        tz: { type: 'string' },
        service: { type: 'string' },
        since: { type: 'string' },
        version: { type: 'string' },
        commit: { type: 'string' },
        url: { type: 'string' },
        environment: { type: 'string' },
        author: { type: 'string' },
        description: { type: 'string' },
        at: { type: 'string' },
        state: { type: 'string' },
        'idempotency-key': { type: 'string' },
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
  const [command, ...rest] = positionals;
  if (command === 'export') {
    return exportCommand(rest, values as { format?: string; tz?: string }, env, out);
  }
  if (command === 'report') return reportCommand(rest, values as Record<string, string>, env, out);
  if (command === 'deploy') return deployCommand(rest, values as Record<string, string>, env, out);
  if (command === 'freeze') return freezeCommand(rest, values as { service?: string; version?: string }, env, out);
  throw new CliError(command ? `unknown command "${command}"\n${USAGE}` : USAGE, 2);
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
