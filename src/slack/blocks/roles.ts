/**
 * @module slack/blocks/roles
 * Messages about roles: who took what, the duties a new holder gets privately, and handoff outcomes.
 */
import type { KnownBlock } from '@slack/types';
import type { RoleDefinition } from '../../incident/roles.js';
import { mention, mrkdwnWithin } from '../text.js';

export interface Message {
  text: string;
  blocks?: KnownBlock[];
}

/** The private note a new role holder gets: what the role is for and what to do. */
export function dutiesMessage(role: RoleDefinition, incidentId: string): Message {
  const duties = role.duties.map((d) => `• ${mrkdwnWithin(d, 280)}`).join('\n');
  const text = `*You are ${role.label} on ${incidentId}.* ${mrkdwnWithin(role.description, 200)}`;
  return {
    text: `You are ${role.label} on ${incidentId}.`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...(duties ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: duties } }] : []),
    ],
  };
}

export function roleAssignedLine(label: string, user: string, actor: string): string {
  const how = actor === user ? 'took it' : `assigned by ${mention(actor)}`;
  return `${mention(user)} is now *${label}* (${how})`;
}

export function roleUnassignedLine(label: string, previous: string, actor: string): string {
  return `${mention(previous)} is no longer *${label}*${actor === previous ? '' : ` (by ${mention(actor)})`}`;
}

export function handoffAcceptedLine(label: string, to: string, from: string | undefined): string {
  return `${mention(to)} is now *${label}*${from ? ` (handed over by ${mention(from)})` : ''}`;
}

export function handoffDeclinedLine(label: string, to: string, from: string | undefined, reason?: string): string {
  const why = reason ? `: ${mrkdwnWithin(reason, 500)}` : '';
  return `${mention(to)} declined *${label}*${why}. ${from ? `${mention(from)} is still ${label}.` : ''}`.trim();
}

export function handoffExpiredLine(label: string, to: string, from: string | undefined, minutes: number): string {
  const still = from ? ` ${mention(from)} is still ${label}.` : '';
  return `${mention(to)} did not answer the offer of *${label}* within ${minutes} min.${still}`;
}
