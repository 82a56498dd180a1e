/**
 * @module store/event-check
 * How every event read back from a log is checked: recordedEventSchema's checks, in the layout zod runs fastest.
 */

import { type RecordedEvent, recordedEventSchema } from '../incident/events.js';
import { type EventCheck, flatUnion } from '../incident/flat-union.js';

/** recordedEventSchema's checks, laid out as one flat union (see incident/flat-union.ts). */
export const recordedEventCheck: EventCheck<RecordedEvent> = flatUnion<RecordedEvent>(recordedEventSchema);
