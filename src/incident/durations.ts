/**
 * @module incident/durations
 * How long things took, written the way responders say it: `0 min`, `53 min`, `1 h 28 min`, `2 d 3 h`.
 */

const MINUTE = 60_000;

/**
 * @example
 * formatDuration(88 * 60_000) // '1 h 28 min'
 */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
