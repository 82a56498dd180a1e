/**
 * @module slack/listeners/commands/incident-command
 * `/incident <subcommand> …`: finds the subcommand and hands over; unknown ones get a hint.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { unknownSubcommandMessage } from '../../blocks/help.js';
import type { Subcommand } from '../../subcommands/types.js';

/** Splits `declare sev1 Checkout down` into `declare` and `sev1 Checkout down`. */
export function splitSubcommand(text: string): { name: string; args: string } {
  const trimmed = text.trim();
  const match = trimmed.match(/^(\S+)\s*([\s\S]*)$/);
  if (!match) return { name: 'help', args: '' };
  return { name: (match[1] as string).toLowerCase(), args: (match[2] as string).trim() };
}

export function incidentCommand(services: Services, subcommands: readonly Subcommand[]) {
  const byName = new Map(subcommands.map((s) => [s.name, s]));
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const { name, args } = splitSubcommand(command.text);
    const subcommand = byName.get(name);
    if (!subcommand) {
      await ack(unknownSubcommandMessage(name));
      return;
    }
    await subcommand.run({ args, command, ack, respond, client, services });
  };
}
