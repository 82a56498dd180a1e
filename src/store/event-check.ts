/**
 * @module store/event-check
 * How every event read back from a log is checked: recordedEventSchema's checks, in the layout zod runs fastest.
 */
import { z } from 'zod';
import { type RecordedEvent, recordedEventSchema } from '../incident/events.js';

/**
 * recordedEventSchema with the same checks, laid out as one discriminated union of whole events (the envelope's
 * fields, then each event's own) rather than the intersection of the envelope and the union of bodies: zod
 * checks each side of an intersection separately and merges the two results, which costs more than the checks
 * themselves on a long log. Built from recordedEventSchema's own parts, so the two cannot drift apart; it rejects
 * what recordedEventSchema rejects, with a ZodError, and gives the same event (the same keys, in the same order).
 */
export const recordedEventCheck = (() => {
  const { left: envelope, right: bodies } = recordedEventSchema.def;
  const whole = bodies.options.map((body) => envelope.extend(body.shape));
  return z.discriminatedUnion('type', whole as unknown as [(typeof whole)[number], ...(typeof whole)[number][]]);
})() as unknown as z.ZodType<RecordedEvent>;
