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

/** The open incidents as lines: `INC-7 · SEV1 · Checkout down · #inc-…`, newest first. */
export async function openIncidentLines(services: Services, limit = 10): Promise<string[]> {
  const ids = await services.store.openIncidentIds(limit);
  const lines: string[] = [];
  for (const id of ids) {
    const { state } = await services.store.load(id);
    if (!state || state.private) continue;
    const where = state.channel ? ` · ${channelLink(state.channel.id)}` : '';
    lines.push(`*${state.id}* · ${state.severity.toUpperCase()} · ${mrkdwn(truncate(state.title, 80))}${where}`);
  }
  return lines;
}

/**
 * The newest open incident whose channel this is, found by its state: the channel exists in Slack (and
 * someone can type in it) a moment before the channel index is written, right after ChannelCreated.
 */
async function justCreatedIn(services: Services, channelId: string): Promise<string | undefined> {
  for (const id of await services.store.openIncidentIds(JUST_CREATED_LOOKBACK)) {
    const { state } = await services.store.load(id);
    if (state?.channel?.id === channelId) return id;
  }
  return undefined;
}

/** How many of the newest open incidents a channel missing from the index is looked for in. */
const JUST_CREATED_LOOKBACK = 10;

export async function incidentInChannel(services: Services, channelId: string): Promise<Lookup> {
  try {
    const id = (await services.store.incidentForChannel(channelId)) ?? (await justCreatedIn(services, channelId));
    if (id) {
      const { state, length } = await services.store.load(id);
      if (state) return { ok: true, state, length };
    }
    const open = await openIncidentLines(services);
    const list = open.length > 0 ? `Open incidents:\n${open.join('\n')}` : 'There are no open incidents.';
    return {
      ok: false,
      message: `This is not an incident channel: run this in the incident's channel.\n${list}`,
    };
  } catch (error) {
    if (error instanceof StoreUnavailableError) return { ok: false, message: NOT_RECORDED };
    throw error;
  }
}
