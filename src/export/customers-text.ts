/** @module export/customers-text — the words the customer section uses in every format: statuses, outcomes, sources. */
import type {
  ComponentStatus,
  Metrics,
  StatusPageComponentView,
  StatusPagePublishView,
  StatusPageStatus,
} from './model.js';

const PAGE_STATUSES: Record<StatusPageStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/** A status-page incident status, as the page shows it. */
export function pageStatusLabel(status: StatusPageStatus): string {
  return PAGE_STATUSES[status];
}

const COMPONENT_STATUSES: Record<ComponentStatus, string> = {
  operational: 'operational',
  under_maintenance: 'under maintenance',
  degraded_performance: 'degraded performance',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
};

/**
 * `payments-api: major outage`: a component by its service where the catalog names one, else by its id. The id comes
 * from the publish: escape the result.
 */
export function componentLabel(component: StatusPageComponentView): string {
  return `${component.service ?? component.componentId}: ${COMPONENT_STATUSES[component.status]}`;
}

const OUTCOMES: Record<StatusPagePublishView['outcome'], string> = {
  published: 'published',
  refused: 'refused by Statuspage (customers did not see it)',
  requested: 'asked for, with no answer from Statuspage yet (customers may not have seen it)',
};

/** What became of a publish, and what that meant for customers. */
export function publishOutcome(outcome: StatusPagePublishView['outcome']): string {
  return OUTCOMES[outcome];
}

/**
 * Where the first external communication came from, as a note after its duration; null when there was none.
 * @example
 * firstExternalNote('status-page') // '(status page)'
 */
export function firstExternalNote(from: Metrics['firstExternalFrom']): string | null {
  if (from === null) return null;
  return from === 'status-page' ? '(status page)' : '(posted in Slack; no status page)';
}

/** What the first external communication counts to. */
export const FIRST_EXTERNAL_MILESTONE =
  'first status-page publish; without one, the first update for customers posted in Slack';

/** What the first (internal) communication counts to. */
export const FIRST_INTERNAL_MILESTONE = 'first status update posted in Slack, where the team sees it';

/** What the customer section says when there is nothing in it. */
export const NOTHING_TOLD = 'Nothing was published to customers.';
