/**
 * @module slack/subcommands/followups
 * `/incident followup <text> [@owner] [due 2026-12-10] [p1|p2|p3]` records a follow-up;
 * `/incident followups` lists the incident's open ones (only to you), each with [File as GitHub issue];
 * `/incident followups mine` lists yours across incidents, from anywhere.
 */
import { TZDate } from '@date-fns/tz';
import { serviceOfIncident } from '../../catalog/lookup.js';
import { StoreUnavailableError } from '../../errors.js';
import { followUpIdFor } from '../../incident/events.js';
import type { Priority } from '../../incident/followups.js';
import type { IncidentState } from '../../incident/state.js';
import type { Services } from '../../services.js';
import { followUpLine, followUpList } from '../blocks/followups.js';
import { incidentInChannel } from '../incident-lookup.js';
import { parseUserRef } from '../mentions.js';
import { NOT_RECORDED } from '../record.js';
import { fromSlackText } from '../text.js';
import { MAX_TEXT } from './limits.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

/** Where a follow-up of this incident is filed: its service's repo, else WARROOM_FOLLOWUP_REPO. */
export function followUpRepoOf(services: Services, state: IncidentState): string | undefined {
  const catalog = services.templates.catalog;
  const name = serviceOfIncident(catalog, state);
  const service = name && Object.hasOwn(catalog.services, name) ? catalog.services[name] : undefined;
  return service?.github?.repo ?? services.config.github.followUpRepo;
}

type Tail = { owner?: string; due?: number; priority?: Priority; error?: string };

/** Reads `@owner`, `due 2026-12-10` and `p1`…`p3` off the end of the words, in any order. */
function readTail(words: string[], actor: string, timeZone: string): Tail {
  const tail: Tail = {};
  for (;;) {
    const last = words.at(-1) ?? '';
    const before = words.at(-2)?.toLowerCase();
    if (/^p[123]$/i.test(last) && !tail.priority) {
      tail.priority = last.toLowerCase() as Priority;
      words.pop();
    } else if (last.startsWith('<@') && !tail.owner) {
      const who = parseUserRef(last, actor);
      if (!who.ok) return { error: who.message };
      tail.owner = who.user;
      words.pop();
    } else if (before === 'due' && tail.due === undefined) {
      const match = last.match(/^(\d{4})-(\d{2})-(\d{2})$/);
      const day = match ? new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), timeZone) : undefined;
      if (!day || day.getDate() !== Number(match?.[3]))
        return { error: `\`due ${last.slice(0, 20)}\` is not a day: write it as \`due 2026-12-10\`.` };
      tail.due = day.getTime();
      words.splice(-2, 2);
    } else {
      return tail;
    }
  }
}

export const followupSubcommand: Subcommand = {
  name: 'followup',
  usage: 'followup <text> [@owner] [due 2026-12-10] [p1|p2|p3]',
  summary: 'Record a follow-up action for the postmortem, with an owner, a due day and a priority.',
  run: (context) =>
    recordInIncidentChannel(context, (state) => {
      const words = context.args.trim().split(/\s+/).filter(Boolean);
      const tail = readTail(words, context.command.user_id, context.services.config.timeZone);
      if (tail.error) return { error: tail.error };
      const text = fromSlackText(words.join(' ')).trim();
      if (!text)
        return {
          error:
            'What should be done? `/incident followup add an alert on checkout error rate @raj due 2026-12-10 p2`.',
        };
      if ([...text].length > MAX_TEXT) return { error: `Keep a follow-up under ${MAX_TEXT} characters.` };
      const { owner, due, priority } = tail;
      return {
        command: {
          type: 'addFollowUp',
          text,
          followUpId: followUpIdFor(state.id, `cmd:${context.command.trigger_id}`),
          ...(owner ? { owner } : {}),
          ...(due !== undefined ? { due } : {}),
          ...(priority ? { priority } : {}),
        },
        done: `Follow-up recorded${owner ? ` for <@${owner}>` : ''}. \`/incident followups\` lists them, to file on GitHub.`,
      };
    }),
};

/** Your open follow-ups across the last 500 incidents. */
async function mine(services: Services, user: string): Promise<string> {
  const ids = (await services.store.allIncidentIds()).slice(-500).reverse();
  const lines: string[] = [];
  for (const id of ids) {
    const { state } = await services.store.load(id);
    for (const f of state?.followUps ?? []) {
      if (f.owner === user && f.doneAt === undefined) lines.push(`• ${followUpLine(f, id)}`);
    }
    if (lines.length >= 40) break;
  }
  return lines.length > 0 ? `*Your open follow-ups*\n${lines.join('\n')}` : 'You have no open follow-ups.';
}

export const followupsSubcommand: Subcommand = {
  name: 'followups',
  usage: 'followups [mine]',
  summary: "List this incident's open follow-ups (to file them on GitHub), or `mine` across incidents.",
  run: async ({ services, command, args, ack, respond }) => {
    try {
      if (args.trim().toLowerCase() === 'mine') {
        // Reading hundreds of logs does not fit Slack's 3 s: answer at once, then list by response_url.
        await ack('Looking through your follow-ups…');
        let text: string;
        try {
          text = await mine(services, command.user_id);
        } catch (error) {
          if (!(error instanceof StoreUnavailableError)) throw error;
          text = NOT_RECORDED.replace('Not recorded', 'Cannot list follow-ups');
        }
        await respond({ response_type: 'ephemeral', text });
        return;
      }
      const lookup = await incidentInChannel(services, command.channel_id);
      if (!lookup.ok) {
        await ack(`${lookup.message} (\`/incident followups mine\` works anywhere.)`);
        return;
      }
      const canFile = Boolean(services.config.github.token && followUpRepoOf(services, lookup.state));
      await ack({ response_type: 'ephemeral', ...followUpList(lookup.state, canFile) });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      await ack(NOT_RECORDED.replace('Not recorded', 'Cannot list follow-ups'));
    }
  },
};
