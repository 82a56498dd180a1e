/**
 * @module cli/freeze
 * `warroom freeze check`: the step a pipeline runs before it deploys. Exit 0 when deploys may go,
 * 3 when they are frozen, saying by which incidents (a private one only as "a private incident").
 */
import { deployVerdict } from '../changes/freeze.js';
import { FreezeStore } from '../store/freeze-store.js';
import { CliError, connect, keyPrefix, type Out } from './common.js';

export const FREEZE_USAGE = 'warroom freeze check [--service <service>] [--version <version>]';

export async function freezeCommand(
  positionals: string[],
  values: { service?: string; version?: string },
  env: NodeJS.ProcessEnv,
  out: Out,
): Promise<void> {
  const [action, ...extra] = positionals;
  if (action !== 'check' || extra.length > 0) throw new CliError(`usage: ${FREEZE_USAGE}`, 2);
  if (values.version && !values.service)
    throw new CliError('--version needs --service: which service is it a version of?', 2);
  const redis = await connect(env);
  try {
    const store = new FreezeStore(redis, keyPrefix(env));
    const [holders, running, rolledBack] = await Promise.all([
      store.holders(),
      store.runningRollbacks(),
      store.rolledBack(),
    ]);
    const verdict = deployVerdict(holders, running, rolledBack, values);
    if (!verdict.go) throw new CliError(verdict.reason, 3);
    out(`deploys may go: ${verdict.reason}\n`);
  } finally {
    redis.disconnect();
  }
}
