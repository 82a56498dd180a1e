/**
 * @module slack/subcommands
 * The `/incident` subcommands, in the order `/incident help` lists them.
 */
import { helpSubcommand } from './help.js';
import type { Subcommand } from './types.js';

export function allSubcommands(): readonly Subcommand[] {
  const list: Subcommand[] = [];
  list.push(helpSubcommand(() => list));
  return list;
}
