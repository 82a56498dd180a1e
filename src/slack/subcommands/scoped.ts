/**
 * @module slack/subcommands/scoped
 * The shape most subcommands share: find the incident of this channel, record one command on it,
 * answer the responder, then enqueue the effects.
 */
import type { Command } from '../../incident/decide.js';
import type { IncidentState } from '../../incident/state.js';
import { incidentInChannel } from '../incident-lookup.js';
import { dispatchAfterAck, outcomeText, record } from '../record.js';
import type { SubcommandContext } from './types.js';

export type Parsed = { command: Command; done: string } | { error: string };

/** Parses the arguments against the incident's state, records, and answers. */
export async function recordInIncidentChannel(
  context: SubcommandContext,
  parse: (state: IncidentState) => Parsed,
): Promise<void> {
  const { services, command: slash, ack } = context;
  const lookup = await incidentInChannel(services, slash.channel_id);
  if (!lookup.ok) {
    await ack(lookup.message);
    return;
  }
  const parsed = parse(lookup.state);
  if ('error' in parsed) {
    await ack(parsed.error);
    return;
  }
  const outcome = await record(
    services,
    lookup.state.id,
    parsed.command,
    { actor: slash.user_id, at: Date.now() },
    `cmd:${slash.trigger_id}`,
  );
  await ack(outcomeText(outcome, parsed.done));
  await dispatchAfterAck(services, outcome);
}
