/**
 * @module queue/names
 * Queue and job names, job ids and typed payloads. Job ids are derived from the log (incident and
 * seq), so enqueuing the same event's work twice creates one job.
 */

export const EFFECTS_QUEUE = 'effects';

export type RefreshTarget = 'board' | 'announcement' | 'topic';

export interface DispatchJob {
  incidentId: string;
  seq: number;
}

export interface RefreshJob {
  incidentId: string;
  target: RefreshTarget;
}

export type JobName = 'dispatch' | 'refresh' | 'sweep';

/** BullMQ ids may not contain ':'; incident ids never contain '.'. */
export function dispatchJobId(incidentId: string, seq: number): string {
  return `dispatch.${incidentId}.${seq}`;
}

export function refreshDedupId(incidentId: string, target: RefreshTarget): string {
  return `refresh.${incidentId}.${target}`;
}
