/**
 * @module store/record-command
 * Decides a command against the freshest state and appends what it decided, retrying when another
 * process appended first (the log's length is the version). What responders do goes through here.
 */
import { type Command, type Decision, decide, type Meta } from '../incident/decide.js';
import type { RecordedEvent } from '../incident/events.js';
import type { Rules } from '../incident/rules.js';
import type { IncidentState } from '../incident/state.js';
import type { IncidentStore } from './incident-store.js';

export type Recorded =
  | { ok: true; events: RecordedEvent[]; state: IncidentState | undefined; note?: string; duplicate: boolean }
  | { ok: false; error: Extract<Decision, { ok: false }>['error'] };

const MAX_ATTEMPTS = 50;

/**
 * Records `command` on `incidentId` under `key` (derived from what Slack sent). A retry of the same
 * request (same key) records nothing more and reports `duplicate`.
 */
export async function recordCommand(
  store: IncidentStore,
  incidentId: string,
  command: Command,
  meta: Meta,
  key: string,
  rules?: Rules,
): Promise<Recorded> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const { state, length } = await store.load(incidentId);
    const decision = decide(state, command, meta, rules);
    if (!decision.ok) return decision;
    if (decision.events.length === 0) {
      return { ok: true, events: [], state, duplicate: false, ...(decision.note ? { note: decision.note } : {}) };
    }
    const result = await store.append(incidentId, decision.events, { key, expectedLength: length });
    if (result.status === 'appended') {
      const after = await store.load(incidentId);
      return { ok: true, events: result.events, state: after.state, duplicate: false };
    }
    if (result.status === 'duplicate') {
      const after = await store.load(incidentId);
      return { ok: true, events: [], state: after.state, duplicate: true };
    }
    // Someone else appended first: back off a little (jittered) and decide again on the new state.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, attempt * 2)));
  }
  throw new Error(`could not record ${command.type} on ${incidentId}: the log kept changing`);
}
