/**
 * @module incident/event-ids
 * The ids of what responders ask for (a rollback, a status-page publish, a page, a follow-up), made from
 * the request that asked: the same request retried by Slack gets the same id, so it is asked for once.
 */

function shortHash(text: string): string {
  let hash = 0;
  for (const char of text) hash = (Math.imul(31, hash) + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash.toString(36);
}

/** Makes a rollback id from the request that confirmed it (stable across Slack's retries). */
export function rollbackIdFor(incidentId: string, requestKey: string): string {
  return `rb-${incidentId.toLowerCase()}-${shortHash(requestKey)}`;
}

/** Makes a follow-up id from the request that recorded it. */
export function followUpIdFor(incidentId: string, requestKey: string): string {
  return `fu-${incidentId.toLowerCase()}-${shortHash(requestKey)}`;
}

/** Makes a page id from the request that asked for it. */
export function pageIdFor(incidentId: string, requestKey: string): string {
  return `pg-${incidentId.toLowerCase()}-${shortHash(requestKey)}`;
}

/** Makes a status-page publish id from the request that asked for it. */
export function publishIdFor(incidentId: string, requestKey: string): string {
  return `sp-${incidentId.toLowerCase()}-${shortHash(requestKey)}`;
}
