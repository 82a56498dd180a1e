/**
 * @module slack/subcommands/scoped
 * The shape most subcommands share: find the incident of this channel, record one command on it,
 * answer the responder, then enqueue the effects.
 */

import { StoreUnavailableError } from '../../errors.js';
import type { Command } from '../../incident/decide.js';
import type { IncidentState } from '../../incident/state.js';
import { incidentInChannel } from '../incident-lookup.js';
import { dispatchAfterAck, NOT_RECORDED, outcomeText, record } from '../record.js';
import type { SubcommandContext } from './types.js';

export type Parsed = { command: Command; done: string } | { error: string };

/** Parses the arguments against the incident's state, records, and answers. */
export async function recordInIncidentChannel(
  context: SubcommandContext,
  parse: (state: IncidentState) => Parsed | Promise<Parsed>,
): Promise<void> {
  const { services, command: slash, ack } = context;
  const lookup = await incidentInChannel(services, slash.channel_id);
  if (!lookup.ok) {
    await ack(lookup.message);
    return;
  }
  let parsed: Parsed;
  try {
    parsed = await parse(lookup.state);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    await ack(NOT_RECORDED);
    return;
  }
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
    lookup,
  );
  await ack(outcomeText(outcome, parsed.done));
  await dispatchAfterAck(services, outcome);
}
