/**
 * @module slack/blocks/statuspage-modal
 * The status-page publish form: the text (the status-page draft, filled), the status (preselected from
 * the incident's), each catalog component with its impact (the incident's service preselected by
 * severity), and whether subscribers are notified. Submitting publishes; nothing is published without
 * it. Pure.
 */
import type { View } from '@slack/types';
import type { Catalog } from '../../catalog/schema.js';
import type { Severity } from '../../incident/severity.js';
import type { IncidentState } from '../../incident/state.js';
import type { Status } from '../../incident/status.js';
import { Inputs, Views } from '../ids.js';
import { truncate } from '../text.js';

export const PAGE_STATUS_OF: Record<Status, 'investigating' | 'identified' | 'monitoring' | 'resolved'> = {
  investigating: 'investigating',
  identified: 'identified',
  mitigating: 'identified',
  monitoring: 'monitoring',
  resolved: 'resolved',
};

const PAGE_STATUS_LABEL = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
} as const;

/** The impacts a person picks for a component; `none` leaves it off the incident. */
export const IMPACTS = {
  none: 'Not affected',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
} as const;
export type Impact = keyof typeof IMPACTS;

const IMPACT_BY_SEVERITY: Record<Severity, Impact> = {
  sev1: 'major_outage',
  sev2: 'partial_outage',
  sev3: 'degraded_performance',
  sev4: 'degraded_performance',
};

/** At most this many components in the form (a modal holds 100 blocks; a person reads a dozen). */
const COMPONENTS_SHOWN = 12;

export interface PageComponent {
  id: string;
  /** The service it belongs to, as people call it. */
  label: string;
}

/** The components the form offers: the incident's service first, then the rest of the catalog's. */
export function pageComponents(catalog: Catalog, affected: string | undefined): PageComponent[] {
  const all = Object.values(catalog.services)
    .filter((s) => s.statuspage)
    .map((s) => ({ id: s.statuspage?.component as string, label: s.name, first: s.name === affected }));
  return [...all.filter((c) => c.first), ...all.filter((c) => !c.first)]
    .slice(0, COMPONENTS_SHOWN)
    .map(({ id, label }) => ({ id, label }));
}

export const componentInput = (id: string) => `sp.component.${id}`;

function option(value: string, text: string) {
  return { text: { type: 'plain_text' as const, text }, value };
}

export function statusPageModal(input: {
  state: IncidentState;
  body: string;
  components: PageComponent[];
  affected: string | undefined;
}): View {
  const { state } = input;
  const status = PAGE_STATUS_OF[state.status];
  const first = state.statusPage.incidentId === undefined;
  const blocks: View['blocks'] = [
    ...(first
      ? [
          {
            type: 'input' as const,
            block_id: Inputs.statusPageName,
            label: { type: 'plain_text' as const, text: 'Incident title on the page' },
            hint: {
              type: 'plain_text' as const,
              text: state.private
                ? 'This incident is private: nothing of it is on the page until you write it here.'
                : 'What customers see as the incident’s name.',
            },
            element: {
              type: 'plain_text_input' as const,
              action_id: Inputs.statusPageName,
              max_length: 255,
              ...(state.private ? {} : { initial_value: truncate(state.title, 255) }),
            },
          },
        ]
      : []),
    {
      type: 'input',
      block_id: Inputs.statusPageBody,
      label: { type: 'plain_text', text: 'What customers read' },
      element: {
        type: 'plain_text_input',
        action_id: Inputs.statusPageBody,
        multiline: true,
        max_length: 3000,
        initial_value: truncate(input.body, 3000),
      },
    },
    {
      type: 'input',
      block_id: Inputs.statusPageStatus,
      label: { type: 'plain_text', text: 'Status on the page' },
      element: {
        type: 'static_select',
        action_id: Inputs.statusPageStatus,
        options: Object.entries(PAGE_STATUS_LABEL).map(([value, text]) => option(value, text)),
        initial_option: option(status, PAGE_STATUS_LABEL[status]),
      },
    },
  ];
  for (const component of input.components) {
    const published = state.statusPage.components[component.id];
    const initial: Impact =
      published && published !== 'operational' && published !== 'under_maintenance'
        ? (published as Impact)
        : component.label === input.affected
          ? IMPACT_BY_SEVERITY[state.severity]
          : 'none';
    blocks.push({
      type: 'input',
      block_id: componentInput(component.id),
      label: { type: 'plain_text', text: truncate(`Impact on ${component.label}`, 150) },
      element: {
        type: 'static_select',
        action_id: componentInput(component.id),
        options: Object.entries(IMPACTS).map(([value, text]) => option(value, text)),
        initial_option: option(initial, IMPACTS[initial]),
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: Inputs.statusPageNotify,
    optional: true,
    label: { type: 'plain_text', text: 'Subscribers' },
    element: {
      type: 'checkboxes',
      action_id: Inputs.statusPageNotify,
      options: [option('notify', 'Notify subscribers')],
      initial_options: [option('notify', 'Notify subscribers')],
    },
  });
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text:
          state.statusPage.incidentId === undefined
            ? 'Publishing opens an incident on the status page. With *Resolved*, every component listed is set back to operational.'
            : 'Publishing adds an update to the incident already on the status page. With *Resolved*, it is resolved and its components operational.',
      },
    ],
  });
  return {
    type: 'modal',
    callback_id: Views.statusPage,
    title: { type: 'plain_text', text: 'Status page' },
    submit: { type: 'plain_text', text: 'Publish' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ incidentId: state.id, components: input.components.map((c) => c.id) }),
    blocks,
  };
}
