/**
 * @module slack/subcommands/postmortem-status
 * `/incident postmortem <draft|review|published>`: where the write-up of a resolved incident stands;
 * shown on its board and in the export. Alone: its owner, review day and status.
 */
import { parsePostmortemStatus, postmortemStatusLabel } from '../../incident/postmortem.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const postmortemSubcommand: Subcommand = {
  name: 'postmortem',
  usage: 'postmortem <draft|review|published>',
  summary: "Say where the resolved incident's postmortem stands: draft, in review or published.",
  run: (context) =>
    recordInIncidentChannel(context, (state) => {
      const pm = state.postmortem;
      const now = pm
        ? `The postmortem of ${state.id} is ${postmortemStatusLabel(pm.status)}, owned by <@${pm.owner}>${pm.reviewDate ? `, review on ${pm.reviewDate}` : ''}.`
        : `${state.id} is not resolved yet; its postmortem starts at the resolve.`;
      if (!context.args.trim())
        return { error: `${now} Change it with \`/incident postmortem draft|review|published\`.` };
      const status = parsePostmortemStatus(context.args);
      if (!status)
        return {
          error: `\`${context.args.slice(0, 30)}\` is not a postmortem status: \`draft\`, \`review\` or \`published\`.`,
        };
      return {
        command: { type: 'setPostmortemStatus', status },
        done: `Postmortem → ${postmortemStatusLabel(status)}.`,
      };
    }),
};
