/**
 * @module slack/subcommands/export
 * `/incident export [md|html|json|csv]` uploads the postmortem timeline to the channel (a worker
 * renders it); `/incident timeline` shows the last entries privately.
 */
import { FORMATS, isFormat } from '../../export/run.js';
import { buildTimeline } from '../../export/timeline.js';
import { incidentInChannel } from '../incident-lookup.js';
import { NOT_RECORDED } from '../record.js';
import { mrkdwnWithin } from '../text.js';
import { clock } from '../time.js';
import type { Subcommand } from './types.js';

const SHOWN = 15;

export const exportSubcommand: Subcommand = {
  name: 'export',
  usage: `export [${FORMATS.join('|')}]`,
  summary: 'Upload the postmortem timeline to the channel (default Markdown).',
  run: async ({ services, command, ack, args }) => {
    const format = (args.trim() || 'md').toLowerCase();
    if (!isFormat(format)) {
      await ack(
        `\`${format.slice(0, 20)}\` is not an export format; use ${FORMATS.map((f) => `\`${f}\``).join(', ')}.`,
      );
      return;
    }
    const lookup = await incidentInChannel(services, command.channel_id);
    if (!lookup.ok) {
      await ack(lookup.message);
      return;
    }
    try {
      await services.effects.exportTo(
        {
          incidentId: lookup.state.id,
          format,
          channel: command.channel_id,
          user: command.user_id,
          comment: `${lookup.state.id} timeline (${format.toUpperCase()}), exported by <@${command.user_id}>.`,
        },
        command.trigger_id,
      );
    } catch {
      await ack(NOT_RECORDED.replace('Not recorded', 'No export'));
      return;
    }
    await ack(`Exporting ${lookup.state.id} as ${format.toUpperCase()}; the file will appear in this channel.`);
  },
};

export const timelineSubcommand: Subcommand = {
  name: 'timeline',
  usage: 'timeline',
  summary: 'Show the last entries of the incident’s timeline (only to you).',
  run: async ({ services, command, ack }) => {
    const lookup = await incidentInChannel(services, command.channel_id);
    if (!lookup.ok) {
      await ack(lookup.message);
      return;
    }
    const tz = services.config.timeZone;
    const events = await services.store.readEvents(lookup.state.id);
    const people = await services.redis.hgetall(services.store.keys.people).catch(() => ({}));
    const timeline = buildTimeline(events, services.templates, { timeZone: tz, now: Date.now(), people });
    const entries = timeline.entries.filter((e) => e.kind !== 'system').slice(-SHOWN);
    const lines = entries.map((e) => `\`${clock(e.at, tz)}\` ${mrkdwnWithin(e.text, 180)}`);
    const more =
      timeline.entries.length > entries.length
        ? `\n_${SHOWN} latest of ${timeline.entries.length}; \`/incident export\` for all._`
        : '';
    await ack({
      response_type: 'ephemeral',
      text: `*${lookup.state.id} timeline* (${tz})\n${lines.join('\n')}${more}`.slice(0, 3000),
    });
  },
};
