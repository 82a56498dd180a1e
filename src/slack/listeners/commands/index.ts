/**
 * @module slack/listeners/commands
 * The slash command's route.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { SLASH_COMMAND } from '../../ids.js';
import { allSubcommands } from '../../subcommands/index.js';
import type { Route } from '../route.js';
import { incidentCommand } from './incident-command.js';

/** `/incident …` (the only command in the manifest). */
export function commandRoute(services: Services): Route {
  const run = incidentCommand(services, allSubcommands());
  return async (args) => {
    if (!('command' in args) || args.command?.command !== SLASH_COMMAND) return false;
    await run(args as SlackCommandMiddlewareArgs & AllMiddlewareArgs);
    return true;
  };
}
