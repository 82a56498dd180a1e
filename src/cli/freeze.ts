/**
 * @module cli/freeze
 * `warroom freeze check`: the step a pipeline runs before it deploys. Exit 0 when deploys may go,
 * 3 when they are frozen, saying by which incidents (a private one only as "a private incident").
 */
import { freezeStatus } from '../changes/freeze.js';
import { FreezeStore } from '../store/freeze-store.js';
import { CliError, connect, keyPrefix, type Out } from './common.js';

export const FREEZE_USAGE = 'warroom freeze check';

export async function freezeCommand(positionals: string[], env: NodeJS.ProcessEnv, out: Out): Promise<void> {
  const [action, ...extra] = positionals;
  if (action !== 'check' || extra.length > 0) throw new CliError(`usage: ${FREEZE_USAGE}`, 2);
  const redis = await connect(env);
  try {
    const status = freezeStatus(await new FreezeStore(redis, keyPrefix(env)).holders());
    if (!status.frozen) {
      out('deploys may go: no incident holds the deploy freeze\n');
      return;
    }
    const who = status.incidents.map((i) => i.label).join(', ');
    throw new CliError(`deploys are frozen: held by ${who}; deploy when they are resolved`, 3);
  } finally {
    redis.disconnect();
  }
}
