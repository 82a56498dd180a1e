/**
 * @module templates/duration
 * Durations as people write them in templates: `30s`, `10m`, `3h`, `1d`.
 */
import { z } from 'zod';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A zod schema turning `10m` into 600000 (milliseconds). */
export const durationSchema = z
  .string({ error: 'must be a duration such as 30s, 10m, 3h or 1d' })
  .regex(/^\d+(\.\d+)?(s|m|h|d)$/, 'must be a duration such as 30s, 10m, 3h or 1d')
  .transform((text) => {
    const unit = text.at(-1) as keyof typeof UNIT_MS;
    return Math.round(Number.parseFloat(text) * UNIT_MS[unit]);
  });
