/**
 * @module cli/common
 * What every `warroom` CLI command shares: its typed error (with the exit code), the Redis connection
 * (the app's Redis variables, failing fast with a clear line) and the templates.
 */
import type { Redis } from 'ioredis';
import { createLogger, scrub } from '../log.js';
import { TEMPLATES_DIR } from '../paths.js';
import { createRedis, isCluster } from '../redis/connection.js';
import { describeTarget, redisTargetFrom } from '../redis/target.js';
import { loadTemplates, type Templates } from '../templates/index.js';
import { TemplateError } from '../templates/load-yaml.js';

/** Exit codes: 1 Redis or templates broken, 2 usage or unknown thing, 3 a freeze check found deploys frozen. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 3,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export type Out = (text: string) => void;

/**
 * Connects to the Redis warroom uses, read from the same variables as the app (REDIS_URL, or
 * REDIS_SENTINELS + REDIS_SENTINEL_NAME, or REDIS_CLUSTER_NODES, with REDIS_USERNAME/REDIS_PASSWORD).
 */
export async function connect(env: NodeJS.ProcessEnv): Promise<Redis> {
  const found = redisTargetFrom(env);
  if (!found.ok) {
    throw new CliError(found.problems.map((p) => `${p.variable} ${p.message}`).join('\n'), 2);
  }
  const where = describeTarget(found.target, scrub);
  const redis = createRedis(found.target, 'cli', createLogger('silent'), 'cli');
  try {
    await redis.connect();
    if (isCluster(redis)) await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new CliError(
      `cannot reach Redis at ${where} (${(error as Error).message}); set REDIS_URL (or REDIS_SENTINELS, REDIS_CLUSTER_NODES)`,
      1,
    );
  }
}

export function keyPrefix(env: NodeJS.ProcessEnv): string {
  return env.WARROOM_KEY_PREFIX || 'warroom';
}

export function templatesFrom(env: NodeJS.ProcessEnv): Templates {
  try {
    return loadTemplates(env.WARROOM_TEMPLATES_DIR || TEMPLATES_DIR);
  } catch (error) {
    if (error instanceof TemplateError) throw new CliError(`a template is invalid\n${error.message}`, 1);
    throw error;
  }
}
