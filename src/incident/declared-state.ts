/**
 * @module incident/declared-state
 * An incident's state as its declare makes it: the declarer in command (or nobody, when warroom declared
 * it from an alert: then `warroom` holds the seat until a person accepts it), nothing else yet. Pure.
 */
import type { RecordedEvent } from './events.js';
import { EMPTY_PAGING } from './paging-state.js';
import type { IncidentState } from './state.js';

export function declaredState(event: Extract<RecordedEvent, { type: 'IncidentDeclared' }>): IncidentState {
  const { data } = event;
  return {
    id: event.incidentId,
    title: data.title,
    severity: data.severity,
    status: 'investigating',
    summary: data.summary,
    service: data.service,
    private: data.private,
    declaredBy: event.actor,
    declaredIn: data.declaredIn,
    declaredAt: event.at,
    roles: { commander: event.actor },
    roleSince: { commander: event.at },
    offers: {},
    protocol: data.protocol,
    steps: {},
    snoozedUntil: undefined,
    impactStartedAt: undefined,
    followUps: [],
    channel: undefined,
    boardTs: undefined,
    announcement: undefined,
    lastUpdate: undefined,
    statusPage: {
      incidentId: undefined,
      url: undefined,
      status: undefined,
      components: {},
      publishes: {},
      order: [],
    },
    paging: EMPTY_PAGING,
    postmortem: undefined,
    statusSince: event.at,
    resolvedAt: undefined,
    resolution: undefined,
    pins: {},
    pinRequests: {},
    linkGeneration: 0,
    suspects: [],
    rollbacks: {},
    rollbackOrder: [],
    deploysDuring: [],
    metricBaseline: undefined,
    recovery: undefined,
    version: event.seq,
  };
}
