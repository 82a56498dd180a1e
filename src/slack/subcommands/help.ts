/**
 * @module slack/subcommands/help
 * `/incident help`: every subcommand that exists, with its usage.
 */
import { helpMessage } from '../blocks/help.js';
import type { Subcommand } from './types.js';

export function helpSubcommand(all: () => readonly Subcommand[]): Subcommand {
  return {
    name: 'help',
    usage: 'help',
    summary: 'Show this list of commands.',
    run: async ({ ack }) => {
      await ack(helpMessage(all()));
    },
  };
}
