/**
 * @module slack/subcommands/list
 * `/incident list`: the open incidents, newest first, with links to their channels.
 */
import { StoreUnavailableError } from '../../errors.js';
import { openIncidentLines } from '../incident-lookup.js';
import { NOT_RECORDED } from '../record.js';
import type { Subcommand } from './types.js';

export const listSubcommand: Subcommand = {
  name: 'list',
  usage: 'list',
  summary: 'List open incidents, newest first.',
  run: async ({ services, ack }) => {
    try {
      const lines = await openIncidentLines(services, 25);
      await ack(lines.length > 0 ? `*Open incidents*\n${lines.join('\n')}` : 'There are no open incidents.');
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      await ack(NOT_RECORDED.replace('Not recorded', 'Cannot list incidents'));
    }
  },
};
