/**
 * @module incident/flat-union
 * An event schema written as `intersection(envelope, discriminatedUnion(bodies))`, laid out the way zod
 * checks fastest: one discriminated union of whole events (the envelope's fields, then each body's).
 */
import { z } from 'zod';

type Bodies = z.ZodDiscriminatedUnion<readonly z.ZodObject[]>;

/**
 * The same checks as `schema`, as one discriminated union on `type`. zod checks each side of an
 * intersection separately and merges the two results, which costs more than the checks themselves
 * (on a long log, and on every append). Built from `schema`'s own parts, so the two cannot drift
 * apart: it rejects what `schema` rejects, with a ZodError, and gives the same value (the same keys,
 * in the same order).
 */
export function flatUnion<T>(schema: z.ZodIntersection<z.ZodObject, Bodies>): z.ZodType<T> {
  const { left: envelope, right: bodies } = schema.def;
  const whole = bodies.options.map((body) => envelope.extend(body.shape));
  return z.discriminatedUnion(
    'type',
    whole as unknown as [(typeof whole)[number], ...(typeof whole)[number][]],
  ) as unknown as z.ZodType<T>;
}
