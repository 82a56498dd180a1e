/**
 * @module incident/own-entry
 * Reading a record by a key that came from outside (an event, a button's value) without ever landing on
 * a built-in property such as `__proto__`.
 */

/** A record's own entry (never a built-in property such as `__proto__`). */
export function ownEntry<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
