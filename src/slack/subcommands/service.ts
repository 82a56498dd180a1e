/**
 * @module slack/subcommands/service
 * `/incident service <name>`: say which service the incident is about (by its catalog name or an
 * alias), so its deploys, its rollback and its key metric follow; with no name, which one it is now.
 */
import { serviceNamed } from '../../catalog/lookup.js';
import { fromSlackText } from '../text.js';
import { recordInIncidentChannel } from './scoped.js';
import type { Subcommand } from './types.js';

const MAX_SERVICE = 150;

export const serviceSubcommand: Subcommand = {
  name: 'service',
  usage: 'service <name>',
  summary: 'Say which service is affected; its deploys, rollback and key metric follow.',
  run: (context) =>
    recordInIncidentChannel(context, (state) => {
      const catalog = context.services.templates.catalog;
      const names = Object.keys(catalog.services).sort();
      const known = names.length > 0 ? ` Services in services.yaml: ${names.map((n) => `\`${n}\``).join(', ')}.` : '';
      const wanted = fromSlackText(context.args).trim();
      if (!wanted) {
        const now = state.service ? `The service is *${state.service}*.` : 'No service is named yet.';
        return { error: `${now} Change it with \`/incident service <name>\`.${known}` };
      }
      const service = serviceNamed(catalog, wanted);
      if (!service && names.length > 0) {
        return { error: `\`${wanted.slice(0, 60)}\` is not a service in services.yaml.${known}` };
      }
      if ([...wanted].length > MAX_SERVICE) return { error: `Keep the service name under ${MAX_SERVICE} characters.` };
      const name = service?.name ?? wanted;
      const metric = service?.metric ? ` Its key metric (${service.metric.label}) goes on the board.` : '';
      return { command: { type: 'setService', service: name }, done: `Service → ${name}.${metric}` };
    }),
};
