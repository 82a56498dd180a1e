/**
 * @module slack/blocks/help
 * The ephemeral answer to `/incident help`.
 */
import type { RespondArguments } from '@slack/bolt';
import { SLASH_COMMAND } from '../ids.js';
import type { Subcommand } from '../subcommands/types.js';

/** One line per subcommand: usage in code format, then what it does. */
export function helpMessage(subcommands: readonly Subcommand[]): RespondArguments {
  const lines = subcommands.map((s) => `\`${SLASH_COMMAND} ${s.usage}\` — ${s.summary}`);
  const text = [`*${SLASH_COMMAND} commands*`, ...lines].join('\n');
  return {
    response_type: 'ephemeral',
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${SLASH_COMMAND} commands*` } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}

/** The answer to a subcommand nobody defined. */
export function unknownSubcommandMessage(name: string): RespondArguments {
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  return {
    response_type: 'ephemeral',
    text: `unknown subcommand \`${shown.replaceAll('`', "'")}\`; try \`${SLASH_COMMAND} help\``,
  };
}
