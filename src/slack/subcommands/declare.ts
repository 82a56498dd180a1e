/**
 * @module slack/subcommands/declare
 * `/incident declare sev1 Checkout payments failing` declares at once; `/incident declare` (or
 * without a severity) opens the declare modal. The declarer is commander.
 */

import { StoreUnavailableError } from '../../errors.js';
import type { Command } from '../../incident/decide.js';
import { parseSeverity, type Severity, severityLabel } from '../../incident/severity.js';
import type { Services } from '../../services.js';
import { declareModal, TITLE_MAX } from '../blocks/modals.js';
import { openModal, tellPrivately } from '../open-modal.js';
import { dispatchAfterAck, NOT_RECORDED, outcomeText, record } from '../record.js';
import { fromSlackText } from '../text.js';
import type { Subcommand } from './types.js';

/** How long the declarer's response_url is kept to tell them where the channel is (Slack: 30 min). */
const RESPONSE_URL_TTL_S = 30 * 60;

export type DeclareInput = Extract<Command, { type: 'declare' }>;

/**
 * Declares an incident: reserves its id (a retry of the same request gets the same one), records
 * `IncidentDeclared`, and returns what to tell the declarer. Shared by the command and the modal.
 */
export async function declareIncident(
  services: Services,
  input: DeclareInput,
  meta: { actor: string; at: number; key: string; responseUrl?: string | undefined },
): Promise<{ text: string; after: () => Promise<void> }> {
  let id: string;
  try {
    id = (await services.store.reserveIncidentId(meta.key)).id;
    if (meta.responseUrl) {
      await services.redis.set(services.store.keys.declareResponseUrl(id), meta.responseUrl, 'EX', RESPONSE_URL_TTL_S);
    }
  } catch (error) {
    if (error instanceof StoreUnavailableError) return { text: NOT_RECORDED, after: async () => undefined };
    throw error;
  }
  const outcome = await record(services, id, input, { actor: meta.actor, at: meta.at }, meta.key);
  const done = `Declared ${id} (${severityLabel(input.severity)}): ${input.title}. Opening its channel…`;
  return { text: outcomeText(outcome, done), after: () => dispatchAfterAck(services, outcome) };
}

function parseQuick(args: string): { severity?: Severity; title: string } {
  const plain = fromSlackText(args).trim();
  const [first = '', ...rest] = plain.split(/\s+/);
  const severity = parseSeverity(first);
  return severity ? { severity, title: rest.join(' ') } : { title: plain };
}

export const declareSubcommand: Subcommand = {
  name: 'declare',
  usage: 'declare [sev1|sev2|sev3|sev4] [title]',
  summary: 'Declare an incident: a channel, a board and an announcement. Without a severity, opens a form.',
  run: async ({ args, command, ack, client, services, respond }) => {
    const { severity, title } = parseQuick(args);
    if (severity && !title) {
      await ack(`Give the incident a title: \`/incident declare ${severity} Checkout payments failing\`.`);
      return;
    }
    if ([...title].length > TITLE_MAX) {
      await ack(`That title is ${[...title].length} characters; keep it to ${TITLE_MAX} (put details in the summary).`);
      return;
    }
    if (!severity) {
      await ack();
      openModal({
        client,
        triggerId: command.trigger_id,
        view: declareModal(
          { declaredIn: command.channel_id, responseUrl: command.response_url },
          title ? { title } : {},
          Object.values(services.templates.protocols).map((p) => ({ name: p.name, title: p.title })),
          services.templates.defaultProtocol,
          services.templates.definitions,
        ),
        tell: tellPrivately(respond),
        logger: services.logger,
      });
      return;
    }
    const result = await declareIncident(
      services,
      {
        type: 'declare',
        title,
        severity,
        private: false,
        declaredIn: command.channel_id,
        protocol: services.templates.defaultProtocol,
      },
      { actor: command.user_id, at: Date.now(), key: `cmd:${command.trigger_id}`, responseUrl: command.response_url },
    );
    await ack(result.text);
    await result.after();
  },
};
