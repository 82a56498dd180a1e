/**
 * @module incident/flat-union
 * An event schema written as `intersection(envelope, discriminatedUnion(bodies))`, laid out the way zod
 * checks fastest: one discriminated union of whole events (the envelope's fields, then each body's), compiled
 * (`z.compile`) once a process has checked enough events for the compile to pay for itself.
 */
import { z } from 'zod';

type Bodies = z.ZodDiscriminatedUnion<readonly z.ZodObject[]>;

/**
 * How many events a process checks with zod's runtime parser before it compiles the check. Compiling the event union
 * takes about 55 ms; the compiled check then saves about 2 µs an event once the process is warm, and more in a fresh
 * one (a fresh `warroom export` of 100k events whose first 20,000 checks ran uncompiled took about 5 % longer). A
 * command that reads one short incident never pays for it; a reader of a long log compiles at once (compileNow).
 */
export const COMPILE_AFTER = 20_000;

/** A check of events: parse and safeParse, as a zod schema's. */
export interface EventCheck<T> {
  /** @throws ZodError for what is not such an event. */
  parse(value: unknown): T;
  safeParse(value: unknown): z.ZodSafeParseResult<T>;
  /**
   * Compiles the check now if it is not yet (once per process): for a reader about to check thousands of events
   * (a long log read through). The same answers before and after.
   */
  compileNow(): void;
}

/**
 * The same checks as `schema`, as one discriminated union on `type`. zod checks each side of an
 * intersection separately and merges the two results, which costs more than the checks themselves
 * (on a long log, and on every append). Built from `schema`'s own parts, so the two cannot drift
 * apart: it rejects what `schema` rejects, with a ZodError, and gives the same value (the same keys,
 * in the same order). After `compileAfter` checks it runs compiled: zod documents the compiled schema's results
 * and errors as identical to the runtime parser's (it falls back to that parser to report a failure).
 */
export function flatUnion<T>(
  schema: z.ZodIntersection<z.ZodObject, Bodies>,
  compileAfter = COMPILE_AFTER,
): EventCheck<T> {
  const { left: envelope, right: bodies } = schema.def;
  const whole = bodies.options.map((body) => envelope.extend(body.shape));
  const union = z.discriminatedUnion(
    'type',
    whole as unknown as [(typeof whole)[number], ...(typeof whole)[number][]],
  ) as unknown as z.ZodType<T>;
  let check = compileAfter > 0 ? union : z.compile(union);
  let left = compileAfter;
  const compileNow = () => {
    if (check === union) check = z.compile(union);
    left = 0;
  };
  const current = (): z.ZodType<T> => {
    if (left > 0) {
      left -= 1;
      if (left === 0) compileNow();
    }
    return check;
  };
  return {
    parse: (value) => current().parse(value),
    safeParse: (value) => current().safeParse(value),
    compileNow,
  };
}
