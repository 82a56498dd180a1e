/**
 * @module store/keys
 * Every Redis key warroom writes, in one place. All start with the configured prefix; an incident's
 * own keys share a hash tag (`{INC-7}`) so they would sit in one slot of a cluster.
 */

export interface Keys {
  incidentCounter: string;
  declareKeys: string;
  openIncidents: string;
  allIncidents: string;
  outbox: string;
  /** Slack user id → display name, learnt when exports look people up (hash). */
  people: string;
  log(incidentId: string): string;
  eventKeys(incidentId: string): string;
  channel(channelId: string): string;
  /** The chain of events with effects: seq → the next one; 'last' → the latest (hash). */
  effectChain(incidentId: string): string;
  /** Held by the one drain applying the incident's effects (string with a token). */
  drainLock(incidentId: string): string;
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
  return {
    incidentCounter: `${prefix}:incident-counter`,
    declareKeys: `${prefix}:declare-keys`,
    openIncidents: `${prefix}:incidents:open`,
    allIncidents: `${prefix}:incidents:all`,
    outbox: `${prefix}:outbox`,
    people: `${prefix}:people`,
    log: (id) => `${inc(id)}:log`,
    eventKeys: (id) => `${inc(id)}:keys`,
    channel: (channelId) => `${prefix}:channel:${channelId}`,
    appliedCursor: (id) => `${inc(id)}:applied`,
    effectChain: (id) => `${inc(id)}:chain`,
    drainLock: (id) => `${inc(id)}:drain-lock`,
    effectResults: (id) => `${inc(id)}:effects`,
    declareResponseUrl: (id) => `${inc(id)}:declare-response-url`,
    timers: (id) => `${inc(id)}:timers`,
  };
}
