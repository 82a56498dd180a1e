/**
 * @module slack/subcommands/types
 * What a `/incident` subcommand is: its name, how to use it, one line on what it does, and the handler.
 */
import type { AckFn, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Services } from '../../services.js';

export interface SubcommandContext {
  /** The text after the subcommand name, trimmed. */
  args: string;
  command: SlashCommand;
  ack: AckFn<string | RespondArguments>;
  respond: RespondFn;
  client: WebClient;
  services: Services;
}

export interface Subcommand {
  name: string;
  /** How to type it, e.g. `declare [sev1-sev4] <title>`. */
  usage: string;
  /** One line on what it does, shown by `/incident help`. */
  summary: string;
  run(context: SubcommandContext): Promise<void>;
}
