/**
 * @module slack/subcommands/protocol
 * `/incident protocol` (post the checklist again at the bottom of the channel),
 * `/incident step <n> done|skip|blocked [text]` (what the buttons do), and
 * `/incident draft [internal-update|status-page|customer-notice]` (a message draft to edit and post).
 */
import { protocolNamed } from '../../incident/rules.js';
import { findStep } from '../../protocol/definition.js';
import { draftModal } from '../blocks/step-modals.js';
import { fillDraft } from '../drafts.js';
import { incidentInChannel } from '../incident-lookup.js';
import { openModal, tellPrivately } from '../open-modal.js';
import { fromSlackText } from '../text.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const protocolSubcommand: Subcommand = {
  name: 'protocol',
  usage: 'protocol',
  summary: 'Post the checklist again at the bottom of the channel.',
  run: (context) =>
    recordInIncidentChannel(context, () => ({ command: { type: 'repostProtocol' }, done: 'Checklist posted below.' })),
};

const VERBS = { done: 'completeStep', skip: 'skipStep', blocked: 'blockStep' } as const;

export const stepSubcommand: Subcommand = {
  name: 'step',
  usage: 'step <n> done|skip|blocked [text]',
  summary: 'Mark a protocol step done (text fills its input), skipped or blocked (text: why).',
  run: (context) =>
    recordInIncidentChannel(context, (state) => {
      const match = context.args.match(/^(\S+)\s+(done|skip|blocked)\b\s*([\s\S]*)$/i);
      if (!match)
        return {
          error:
            'Say which step and what: `/incident step 3 done payments-api 2026.11.28-3` (or `skip <why>`, `blocked <why>`).',
        };
      const [, ref = '', verb = '', rest = ''] = match;
      const text = fromSlackText(rest).trim();
      const protocol = protocolNamed(context.services.templates, state.protocol);
      const found = protocol ? findStep(protocol, ref) : undefined;
      const kind = VERBS[verb.toLowerCase() as keyof typeof VERBS];
      if (kind === 'completeStep') {
        const first = found?.step.inputs[0];
        const inputs = first && text ? { [first.id]: text } : undefined;
        return { command: { type: 'completeStep', step: ref, inputs }, done: `Step ${found?.number ?? ref} done.` };
      }
      return {
        command: { type: kind, step: ref, reason: text },
        done: `Step ${found?.number ?? ref} ${kind === 'skipStep' ? 'skipped' : 'marked blocked'}.`,
      };
    }),
};

export const draftSubcommand: Subcommand = {
  name: 'draft',
  usage: 'draft [internal-update|status-page|customer-notice]',
  summary: 'Open a message draft filled with the incident’s facts, to edit and post as an update.',
  run: async ({ services, command, ack, client, args, respond }) => {
    const lookup = await incidentInChannel(services, command.channel_id);
    if (!lookup.ok) {
      await ack(lookup.message);
      return;
    }
    const name = args.trim() || 'internal-update';
    const template = Object.hasOwn(services.templates.messages, name) ? services.templates.messages[name] : undefined;
    if (!template) {
      await ack(
        `There is no draft \`${name.slice(0, 40)}\`; there are ${Object.keys(services.templates.messages)
          .map((m) => `\`${m}\``)
          .join(', ')}.`,
      );
      return;
    }
    const { state } = lookup;
    const protocol = protocolNamed(services.templates, state.protocol);
    const text = fillDraft(template, state, protocol, Date.now(), services.config.timeZone);
    await ack();
    openModal({
      client,
      triggerId: command.trigger_id,
      view: draftModal(state.id, template.label, text, undefined, name),
      tell: tellPrivately(respond),
      logger: services.logger,
    });
  },
};
