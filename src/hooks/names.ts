/**
 * @module hooks/names
 * Names and revisions as deploy systems send them, made into what warroom shows: a service name the
 * catalog would accept, a short commit for a git sha.
 */

/** The catalog's service-name rule (src/catalog/schema.ts keeps its own copy unexported). */
export const SERVICE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** What a good service name looks like, for messages. */
export const SERVICE_NAME_RULE =
  '1–63 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit (e.g. payments-api)';

const GIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** Whether `text` is a full git object id (SHA-1, or SHA-256 for repositories that use it). */
export function isFullSha(text: string): boolean {
  return GIT_SHA.test(text);
}

/** The 7 characters people recognise a commit by. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7).toLowerCase();
}

/**
 * A service name made from a repo or application name that no catalog entry claims: lowercased,
 * other characters turned into dashes, trimmed to the catalog's rule; `fallback` when nothing is left.
 * @example
 * serviceNameFrom('Payments-API') // 'payments-api'
 * serviceNameFrom('.github')      // 'github'
 */
export function serviceNameFrom(text: string, fallback: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63);
  return SERVICE_NAME.test(name) ? name : fallback;
}
