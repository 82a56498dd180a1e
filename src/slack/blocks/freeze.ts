/**
 * @module slack/blocks/freeze
 * What the deploy channel hears about the freeze: when it starts, who else holds it, who stopped
 * holding it, and when it is lifted. A private incident is only ever "a private incident": no id,
 * title or channel of it leaves its channel.
 */
import { type FreezeChange, type FreezeHolder, holderName } from '../../changes/freeze.js';
import type { IncidentState } from '../../incident/state.js';
import { channelLink, mrkdwnWithin } from '../text.js';

/** The incident's title and channel, after its name: nothing for a private one. */
function details(holder: FreezeHolder, state: IncidentState): string {
  if (holder.private) return '';
  const title = holder.title ? ` — ${mrkdwnWithin(holder.title, 200)}` : '';
  const follow = state.channel ? ` (${channelLink(state.channel.id)})` : '';
  return `${title}${follow}`;
}

function list(holders: readonly FreezeHolder[]): string {
  const names = holders.map(holderName);
  const privates = names.filter((n) => n === 'a private incident').length;
  const named = names.filter((n) => n !== 'a private incident');
  if (privates > 1) named.push(`${privates} private incidents`);
  else if (privates === 1) named.push('a private incident');
  return named.join(', ');
}

function whyReleased(state: IncidentState): string {
  return state.status === 'resolved' ? 'is resolved' : `is now ${state.severity.toUpperCase()}`;
}

/** The notice for a change of the freeze; undefined when nothing changed for anyone outside. */
export function freezeNotice(change: FreezeChange, state: IncidentState): string | undefined {
  const { holder } = change;
  const others = change.holders.filter((h) => h.incidentId !== holder.incidentId);
  const subject = holder.private ? 'A private incident' : holderName(holder);
  switch (change.kind) {
    case 'frozen':
      return `🧊 *Deploy freeze*: ${holderName(holder)} is open${details(holder, state)}. Hold deploys until it is resolved.`;
    case 'joined':
      return `🧊 The deploy freeze now also holds for ${holderName(holder)}${details(holder, state)}. Held by: ${list(change.holders)}.`;
    case 'released':
      return `${subject} ${whyReleased(state)}; the deploy freeze still holds for ${list(others)}.`;
    case 'lifted':
      return `✅ *Deploy freeze lifted*: ${subject} ${whyReleased(state)}, the last incident holding it. Deploys may resume.`;
    case 'none':
      return undefined;
  }
}
