/**
 * @module main
 * The composition root: `node dist/main.js [all|web|worker]`. Config problems print one message and
 * exit 1; SIGINT/SIGTERM stop the process cleanly and exit 0.
 */
import { ConfigError, loadConfig, type Role } from './config.js';
import { ErrorCode, WarroomError } from './errors.js';
import { createLogger } from './log.js';
import { startWarroom } from './runtime.js';

const ROLES: readonly Role[] = ['all', 'web', 'worker'];

async function main(): Promise<void> {
  const requested = process.argv[2] ?? 'all';
  if (!ROLES.includes(requested as Role)) {
    process.stderr.write(`warroom: unknown process role "${requested}"; use all, web or worker\n`);
    process.exit(2);
  }
  const role = requested as Role;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, role);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  let running: Awaited<ReturnType<typeof startWarroom>> | undefined;
  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    logger.info({ signal }, 'stopping');
    (running ? running.stop() : Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  try {
    running = await startWarroom(config, role, logger);
  } catch (error) {
    if (error instanceof WarroomError && error.code === ErrorCode.TemplateInvalid) {
      process.stderr.write(`warroom cannot start: a template is invalid\n${error.message}\n`);
      process.exit(1);
    }
    if (error instanceof WarroomError && error.code === ErrorCode.ConfigInvalid) {
      process.stderr.write(`warroom cannot start: ${error.message}\n`);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'warroom could not start');
    process.exit(1);
  }
}

await main();
