/**
 * @module slack/subcommands/links
 * `/incident links revoke`: every export link of the incident given out so far stops working (a link
 * pasted where it should not be); the channel's bookmark gets a fresh one.
 */
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

export const linksSubcommand: Subcommand = {
  name: 'links',
  usage: 'links revoke',
  summary: 'Revoke every export link of this incident given out so far; the bookmark gets a new one.',
  run: (context) =>
    recordInIncidentChannel(context, (state) => {
      if (context.args.trim().toLowerCase() !== 'revoke') {
        return { error: 'Use `/incident links revoke` to stop every export link given out so far from working.' };
      }
      if (!context.services.config.publicUrl) {
        return {
          error:
            'This warroom gives out no export links (WARROOM_PUBLIC_URL is not set), so there is nothing to revoke.',
        };
      }
      return {
        command: { type: 'revokeLinks' },
        done: `Every export link of ${state.id} given out so far is revoked; the channel bookmark gets a new one.`,
      };
    }),
};
