/**
 * @module store/keys
 * Every Redis key the incident log writes, in one place, laid out for a Redis Cluster: an incident's
 * own keys share a hash tag (`warroom:inc:{INC-7}:…`), so every script on one incident runs in one
 * slot; the workspace-wide indexes (the id counter, declare keys, open and all incidents, incidents
 * with effects pending, channel → incident, people) share another (`{warroom}:…`), so a script on
 * them runs in one slot too. No script touches both: the store writes the indexes around an append.
 * The same layout serves a single Redis and Sentinel. Before it, the indexes had no hash tag and
 * the outbox was one key for every incident: store/migrate-layout.ts moves such data once.
 */

export interface Keys {
  incidentCounter: string;
  declareKeys: string;
  openIncidents: string;
  allIncidents: string;
  /**
   * Incidents whose outbox may hold events with effects not applied yet (zset: id → when added): every
   * incident from its reserved id until it is resolved and drained; the sweeper looks only there.
   */
  activeIncidents: string;
  /** Channel id → incident id (hash): a channel belongs to one incident for ever. */
  channels: string;
  /** Slack user id → display name, learnt when exports look people up (hash). */
  people: string;
  log(incidentId: string): string;
  eventKeys(incidentId: string): string;
  /** The incident's events whose effects are not applied yet (zset: 'seq:after' → recordedAt). */
  outbox(incidentId: string): string;
  /** The chain of events with effects: seq → the next one; 'last' → the latest (hash). */
  effectChain(incidentId: string): string;
  /** Held by the one drain applying the incident's effects (string with a token). */
  drainLock(incidentId: string): string;
  /** A short-lived write whose WAIT vouches for every write before it (a retry that found its append done). */
  replicationProbe(incidentId: string): string;
  /** seq of the last event whose effects were applied, per incident. */
  appliedCursor(incidentId: string): string;
  /**
   * Results of effects already carried out (e.g. a posted message's ts), and what each projection
   * (board, announcement, topic, checklist phase) last showed and since when, per incident.
   */
  effectResults(incidentId: string): string;
  /** The declarer's response_url, kept briefly to tell them where the new channel is. */
  declareResponseUrl(incidentId: string): string;
  /** Job ids of the incident's timers that have not fired (set). */
  timers(incidentId: string): string;
}

export function keysFor(prefix: string): Keys {
  const inc = (id: string) => `${prefix}:inc:{${id}}`;
  const index = `{${prefix}}`;
  return {
    incidentCounter: `${index}:incident-counter`,
    declareKeys: `${index}:declare-keys`,
    openIncidents: `${index}:incidents:open`,
    allIncidents: `${index}:incidents:all`,
    activeIncidents: `${index}:incidents:active`,
    channels: `${index}:channels`,
    people: `${index}:people`,
    log: (id) => `${inc(id)}:log`,
    eventKeys: (id) => `${inc(id)}:keys`,
    outbox: (id) => `${inc(id)}:outbox`,
    appliedCursor: (id) => `${inc(id)}:applied`,
    effectChain: (id) => `${inc(id)}:chain`,
    drainLock: (id) => `${inc(id)}:drain-lock`,
    replicationProbe: (id) => `${inc(id)}:replication-probe`,
    effectResults: (id) => `${inc(id)}:effects`,
    declareResponseUrl: (id) => `${inc(id)}:declare-response-url`,
    timers: (id) => `${inc(id)}:timers`,
  };
}
