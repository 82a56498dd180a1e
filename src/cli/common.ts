/**
 * @module cli/common
 * What every `warroom` CLI command shares: its typed error (with the exit code), the Redis connection
 * (REDIS_URL, failing fast with a clear line) and the templates.
 */
import { Redis } from 'ioredis';
import { scrub } from '../log.js';
import { TEMPLATES_DIR } from '../paths.js';
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

export async function connect(env: NodeJS.ProcessEnv): Promise<Redis> {
  const url = env.REDIS_URL || 'redis://127.0.0.1:6379';
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
