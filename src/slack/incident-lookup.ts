/**
 * @module slack/incident-lookup
 * Which incident a request is about: the incident whose channel it came from. Outside an incident
 * channel, commands that need one say so and list the open incidents.
 */
import { StoreUnavailableError } from '../errors.js';
import type { IncidentState } from '../incident/state.js';
import type { Services } from '../services.js';
import { NOT_RECORDED } from './record.js';
import { channelLink, mrkdwn, truncate } from './text.js';

/** `length`: the log length `state` was folded from, so that recording on it need not load again. */
export type Lookup = { ok: true; state: IncidentState; length: number } | { ok: false; message: string };

/** The newest open incidents, each as this process has it folded. */
async function openIncidents(services: Services, limit: number) {
  const open: { state: IncidentState; length: number }[] = [];
  for (const id of await services.store.openIncidentIds(limit)) {
    const { state, length } = await services.store.load(id);
    if (state) open.push({ state, length });
  }
  return open;
}

/** `INC-7 · SEV1 · Checkout down · #inc-…` for each open incident that is not private, newest first. */
function incidentLines(open: readonly { state: IncidentState }[]): string[] {
  return open
    .filter(({ state }) => !state.private)
    .map(({ state }) => {
      const where = state.channel ? ` · ${channelLink(state.channel.id)}` : '';
      return `*${state.id}* · ${state.severity.toUpperCase()} · ${mrkdwn(truncate(state.title, 80))}${where}`;
    });
}

/** The open incidents as lines: `INC-7 · SEV1 · Checkout down · #inc-…`, newest first. */
export async function openIncidentLines(services: Services, limit = 10): Promise<string[]> {
  return incidentLines(await openIncidents(services, limit));
}

export async function incidentInChannel(services: Services, channelId: string): Promise<Lookup> {
  try {
    const id = await services.store.incidentForChannel(channelId);
    if (id) {
      const { state, length } = await services.store.load(id);
      if (state) return { ok: true, state, length };
    }
    const open = await openIncidents(services, 10);
    // The channel exists in Slack (and someone can type in it) a moment before the channel index is
    // written, right after ChannelCreated: an incident of the newest may already say it is theirs.
    const justCreated = open.find(({ state }) => state.channel?.id === channelId);
    if (justCreated) return { ok: true, ...justCreated };
    const lines = incidentLines(open);
    const list = lines.length > 0 ? `Open incidents:\n${lines.join('\n')}` : 'There are no open incidents.';
    return {
      ok: false,
      message: `This is not an incident channel: run this in the incident's channel.\n${list}`,
    };
  } catch (error) {
    if (error instanceof StoreUnavailableError) return { ok: false, message: NOT_RECORDED };
    throw error;
  }
}
