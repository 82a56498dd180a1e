/**
 * @module slack/listeners/commands
 * Registers the slash command.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { SLASH_COMMAND } from '../../ids.js';
import { allSubcommands } from '../../subcommands/index.js';
import { incidentCommand } from './incident-command.js';

export function registerCommands(app: App, services: Services): void {
  app.command(SLASH_COMMAND, incidentCommand(services, allSubcommands()));
}
