/**
 * @module cli/deploy
 * `warroom deploy --service payments-api --version 2026.11.28-3 [--commit …] [--url …] [--environment …]
 * [--author …] [--description …] [--at …] [--state …] [--idempotency-key …]`: a pipeline step telling
 * warroom a deploy went out, through Redis (the same as POST /hooks/deploys). A retried step with the
 * same fields is one deploy; `--idempotency-key` says so explicitly.
 */
import { bodyHashKey, idempotencyKeyProblem, parseDeployBody } from '../hooks/deploy-payloads.js';
import { createLogger } from '../log.js';
import { EffectsProducer } from '../queue/producer.js';
import { DeployStore } from '../store/deploy-store.js';
import { durationSchema } from '../templates/duration.js';
import { CliError, connect, keyPrefix, type Out, templatesFrom } from './common.js';

export const DEPLOY_USAGE =
  'warroom deploy --service <service> --version <version> [--commit <sha>] [--url <url>] [--environment <env>] [--author <who>] [--description <text>] [--at <ISO time>] [--state success|failure|…] [--idempotency-key <key>]';

const FIELDS = ['service', 'version', 'commit', 'url', 'environment', 'author', 'description', 'at', 'state'] as const;

export async function deployCommand(
  positionals: string[],
  values: Partial<Record<(typeof FIELDS)[number] | 'idempotency-key', string>>,
  env: NodeJS.ProcessEnv,
  out: Out,
): Promise<void> {
  if (positionals.length > 0) throw new CliError(`usage: ${DEPLOY_USAGE}`, 2);
  const body = Object.fromEntries(FIELDS.filter((f) => values[f] !== undefined).map((f) => [f, values[f]]));
  const given = values['idempotency-key'];
  const keyProblem = idempotencyKeyProblem(given);
  if (keyProblem) throw new CliError(`--idempotency-key: ${keyProblem}`, 2);
  const key = given ?? bodyHashKey(Buffer.from(JSON.stringify(body)));
  const templates = templatesFrom(env);
  const result = parseDeployBody(body, templates.catalog, key, { source: 'cli' });
  if (!result.ok) throw new CliError(`${result.problem.replace(/^(\w+):/, '--$1:')}\nusage: ${DEPLOY_USAGE}`, 2);
  const retention = durationSchema.safeParse(env.DEPLOY_RETENTION || '30d');
  if (!retention.success) throw new CliError('DEPLOY_RETENTION must be a duration such as 30d', 2);
  const redis = await connect(env);
  const effects = new EffectsProducer(redis, keyPrefix(env), createLogger('silent'));
  try {
    const recorded = await new DeployStore(redis, keyPrefix(env), retention.data).record(
      result.report,
      `webhook:${key}`,
    );
    await effects.deployLanded({ service: result.report.service, reportId: result.report.id });
    const { report } = result;
    const what = `${report.service} ${report.version} (${report.environment}, ${report.state})`;
    out(recorded.status === 'duplicate' ? `already recorded: ${what}\n` : `recorded: ${what}\n`);
  } finally {
    await effects.close();
    redis.disconnect();
  }
}
