/**
 * @module store/record-command
 * Decides a command against the freshest state and appends what it decided. Commands whose outcome
 * depends on the state (a status change, a handoff) append only at the log length they were decided
 * on, and decide again when another process appended first; commands that merely add to the log (a
 * note, an update, a follow-up) append wherever the log is, so a burst of them never contends.
 */
import { type Command, type Decision, decide, type Meta } from '../incident/decide.js';
import { newEventProblem, type RecordedEvent } from '../incident/events.js';
import type { Rules } from '../incident/rules.js';
import type { IncidentState } from '../incident/state.js';
import { metricsOf } from '../ops/metrics.js';
import type { Cached, Dispatch, IncidentStore } from './incident-store.js';

export type Recorded =
  | {
      ok: true;
      events: RecordedEvent[];
      /** The recorded events that have effects, for the effects queue. */
      dispatches: Dispatch[];
      state: IncidentState | undefined;
      note?: string;
      duplicate: boolean;
      /** False when REDIS_MIN_REPLICAS_ACK replicas did not confirm the append in time. */
      replicated?: boolean;
    }
  | { ok: false; error: Extract<Decision, { ok: false }>['error'] };

const MAX_ATTEMPTS = 100;

/** Commands whose events are right whatever was appended just before them. */
const APPEND_ANYWHERE: ReadonlySet<Command['type']> = new Set(['addNote', 'postUpdate', 'addFollowUp']);

/**
 * Records `command` on `incidentId` under `key` (derived from what Slack sent). A retry of the same
 * request (same key) records nothing more and reports `duplicate`. `loaded` is the state the caller has
 * just loaded (finding the incident of a channel): the first attempt decides on it rather than loading
 * again; a stale one only costs a conflict and a fresh load.
 */
export async function recordCommand(
  store: IncidentStore,
  incidentId: string,
  command: Command,
  meta: Meta,
  key: string,
  rules?: Rules,
  loaded?: Cached,
): Promise<Recorded> {
  const anywhere = APPEND_ANYWHERE.has(command.type);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const { state, length } = attempt === 1 && loaded ? loaded : await store.load(incidentId);
    const decision = decide(state, command, meta, rules);
    if (!decision.ok) return decision;
    const problem = decision.events.map(newEventProblem).find((p) => p !== undefined);
    if (problem) {
      return { ok: false, error: { code: 'bad_input', message: `Nothing was recorded: ${problem}.` } };
    }
    if (decision.events.length === 0) {
      return {
        ok: true,
        events: [],
        dispatches: [],
        state,
        duplicate: false,
        ...(decision.note ? { note: decision.note } : {}),
      };
    }
    const result = await metricsOf(store).timeAppend(() =>
      store.append(incidentId, decision.events, {
        key,
        ...(anywhere && state ? {} : { expectedLength: length }),
      }),
    );
    if (result.status === 'appended') {
      return {
        ok: true,
        events: result.events,
        dispatches: result.dispatches,
        state: undefined,
        duplicate: false,
        replicated: result.replicated,
      };
    }
    if (result.status === 'duplicate')
      return { ok: true, events: [], dispatches: [], state, duplicate: true, replicated: result.replicated };
    // Someone else appended first: back off a little (jittered) and decide again on the new state.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20, attempt)));
  }
  return {
    ok: false,
    error: {
      code: 'busy',
      message: `${incidentId} is changing too fast to record this right now; nothing was recorded. Try again in a moment.`,
    },
  };
}
