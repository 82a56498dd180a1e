/**
 * @module incident/definitions
 * What each severity and status means: the one line a responder reads wherever one is picked. A team's
 * own lines come from templates/definitions.yaml; these are the ones warroom ships with.
 */
import { SEVERITIES, SEVERITY_INFO, type Severity } from './severity.js';
import { STATUS_INFO, STATUSES, type Status } from './status.js';

/** Slack shows at most 75 characters of an option's description, so a definition is at most that long. */
export const DEFINITION_MAX = 75;

export interface Definitions {
  severities: Record<Severity, string>;
  statuses: Record<Status, string>;
}

export const DEFAULT_DEFINITIONS: Definitions = {
  severities: Object.fromEntries(SEVERITIES.map((s) => [s, SEVERITY_INFO[s].description])) as Record<Severity, string>,
  statuses: Object.fromEntries(STATUSES.map((s) => [s, STATUS_INFO[s].description])) as Record<Status, string>,
};
