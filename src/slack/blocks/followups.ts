/**
 * @module slack/blocks/followups
 * Follow-ups in Slack: the list `/incident followups` shows (with [File as GitHub issue] on the ones not
 * filed yet), and the channel's posts when one is filed, refused or done. Pure.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import type { RecordedEvent } from '../../incident/events.js';
import { type FollowUp, followUpOf } from '../../incident/followups.js';
import type { IncidentState } from '../../incident/state.js';
import { Actions, Inputs, Views } from '../ids.js';
import { mention, mrkdwnWithin } from '../text.js';

/** At most this many follow-ups are listed in one message (Slack: 50 blocks). */
const LISTED = 20;

export function followUpValue(incidentId: string, followUpId: string): string {
  return `${incidentId}|${followUpId}`;
}

export function parseFollowUpValue(value: string | undefined): { incidentId: string; followUpId: string } | undefined {
  const match = value?.match(/^(INC-\d+)\|(fu-[a-z0-9-]{1,60})$/);
  return match ? { incidentId: match[1] as string, followUpId: match[2] as string } : undefined;
}

/** One follow-up as a line: priority, text, owner, due day, and where it is filed. */
export function followUpLine(f: FollowUp, incidentId?: string): string {
  const parts = [
    ...(incidentId ? [`*${incidentId}*`] : []),
    ...(f.priority ? [`*${f.priority.toUpperCase()}*`] : []),
    mrkdwnWithin(f.text, 300),
    ...(f.owner ? [`owner ${mention(f.owner)}`] : ['no owner']),
    ...(f.due ? [`due ${new Date(f.due).toISOString().slice(0, 10)}`] : []),
    ...(f.issue ? [`<${f.issue.url}|${mrkdwnWithin(f.issue.repo, 100)}#${f.issue.number}>`] : []),
    ...(f.filing ? ['filing on GitHub…'] : []),
  ];
  return parts.join(' · ');
}

/** The open follow-ups of one incident, each with [File as GitHub issue] when it is not filed yet. */
export function followUpList(state: IncidentState, canFile: boolean): { text: string; blocks: KnownBlock[] } {
  const open = state.followUps.filter((f) => f.doneAt === undefined);
  const done = state.followUps.length - open.length;
  if (open.length === 0) {
    const text = `${state.id} has no open follow-ups${done > 0 ? ` (${done} done)` : ''}. Add one: \`/incident followup <text> @owner [due 2026-12-10] [p1|p2|p3]\`.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const head = `*Open follow-ups of ${state.id}* (${open.length}${done > 0 ? `; ${done} done` : ''})`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  for (const f of open.slice(0, LISTED)) {
    const fileable = canFile && !f.issue && !f.filing;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: followUpLine(f) },
      ...(fileable
        ? {
            accessory: {
              type: 'button' as const,
              action_id: `${Actions.fileFollowUp}.${f.followUpId}`,
              text: { type: 'plain_text' as const, text: 'File as GitHub issue' },
              value: followUpValue(state.id, f.followUpId),
            },
          }
        : {}),
    });
  }
  if (open.length > LISTED) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${open.length - LISTED} more in the export.` }],
    });
  }
  return { text: head, blocks };
}

function line(text: string): { text: string; blocks: KnownBlock[] } {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** The channel post for a follow-up event; undefined for the others. */
export function followUpPost(
  event: RecordedEvent,
  state: IncidentState,
): { text: string; blocks: KnownBlock[] } | undefined {
  switch (event.type) {
    case 'FollowUpFiled': {
      const f = followUpOf(state.followUps, event.data.followUpId);
      return line(
        `📌 Follow-up filed as <${event.data.url}|${mrkdwnWithin(event.data.repo, 100)}#${event.data.number}>${f ? `: ${mrkdwnWithin(f.text, 300)}` : ''}. Closing the issue marks it done.`,
      );
    }
    case 'FollowUpFilingFailed': {
      const f = followUpOf(state.followUps, event.data.followUpId);
      const who = f?.filing?.by ?? f?.by;
      return line(
        `⚠️ ${who ? `${mention(who)} ` : ''}GitHub did not take the follow-up${f ? ` "${mrkdwnWithin(f.text, 200)}"` : ''}: ${mrkdwnWithin(event.data.error, 800)}\nNothing was filed; fix what it says and file it again from \`/incident followups\`.`,
      );
    }
    case 'FollowUpDone': {
      const f = followUpOf(state.followUps, event.data.followUpId);
      return line(
        `✅ Follow-up done${f ? `: ${mrkdwnWithin(f.text, 300)}` : ''} (its GitHub issue was closed${event.data.by ? ` by ${mrkdwnWithin(event.data.by, 100)}` : ''}).`,
      );
    }
    default:
      return undefined;
  }
}

/** The board's follow-up form: what to do, who owns it, by when, how urgent. */
export function followUpModal(incidentId: string): ModalView {
  const input = (id: string, label: string, element: Record<string, unknown>, optional = true) => ({
    type: 'input' as const,
    block_id: id,
    optional,
    label: { type: 'plain_text' as const, text: label },
    element: { action_id: id, ...element },
  });
  const priority = (value: string, text: string) => ({ text: { type: 'plain_text' as const, text }, value });
  return {
    type: 'modal',
    callback_id: Views.followUp,
    title: { type: 'plain_text', text: `Follow-up ${incidentId}`.slice(0, 24) },
    submit: { type: 'plain_text', text: 'Add' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ incidentId }),
    blocks: [
      input(
        Inputs.followUpText,
        'What should be done',
        { type: 'plain_text_input', multiline: true, max_length: 3000 },
        false,
      ),
      input(Inputs.followUpOwner, 'Owner', { type: 'users_select' }),
      input(Inputs.followUpDue, 'Due', { type: 'datepicker' }),
      input(Inputs.followUpPriority, 'Priority', {
        type: 'static_select',
        options: [
          priority('p1', 'P1: do it now'),
          priority('p2', 'P2: this sprint'),
          priority('p3', 'P3: when we can'),
        ],
      }),
    ] as KnownBlock[],
  };
}
