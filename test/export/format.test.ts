import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dayLabel,
  isoLocal,
  isoUtc,
  localDateTime,
  localDayKey,
  localShort,
  localTime,
  utcDateTime,
} from '../../src/export/format.js';

// Zones with summer time, half- and quarter-hour offsets, a half-hour DST shift, and one west of UTC.
const ZONES = ['Europe/Madrid', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Los_Angeles'];
const direct = (ms: number, zone: string, pattern: string) => format(new TZDate(ms, zone), pattern);

describe('times in exports', () => {
  it('should read exactly as TZDate formats each moment, across DST changes, in any zone', () => {
    // 2025-2027, with moments packed around the hours where clocks change.
    const moment = fc.oneof(
      fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }),
      fc
        .tuple(fc.integer({ min: 0, max: 35 }), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }))
        .map(([month, near]) => Date.UTC(2025, month, 1) + near),
      fc.constantFrom(Date.UTC(2026, 9, 25, 0, 59, 59, 999), Date.UTC(2026, 9, 25, 1, 0), Date.UTC(2026, 2, 29, 1, 0)),
    );
    fc.assert(
      fc.property(moment, fc.constantFrom(...ZONES), (ms, zone) => {
        expect(isoLocal(ms, zone)).toBe(direct(ms, zone, "yyyy-MM-dd'T'HH:mm:ss.SSSxxx"));
        expect(localTime(ms, zone)).toBe(direct(ms, zone, 'HH:mm:ss zzz'));
        expect(localDateTime(ms, zone)).toBe(direct(ms, zone, 'yyyy-MM-dd HH:mm:ss zzz'));
        expect(localShort(ms, zone)).toBe(direct(ms, zone, 'EEE d MMM HH:mm zzz'));
        expect(localDayKey(ms, zone)).toBe(direct(ms, zone, 'yyyy-MM-dd'));
        expect(dayLabel(ms, zone)).toBe(direct(ms, zone, 'EEEE d MMMM yyyy'));
        expect(utcDateTime(ms)).toBe(direct(ms, 'UTC', 'yyyy-MM-dd HH:mm:ss'));
      }),
      { numRuns: 5000 },
    );
  });

  it('should write UTC moments exactly as toISOString does, in order or not, whatever their sign or size', () => {
    const moment = fc.oneof(
      fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }),
      fc.constantFrom(0, -1, 59_999, 60_000, -60_000, -60_001, 8.64e15, -8.64e15),
    );
    fc.assert(
      fc.property(fc.array(moment, { minLength: 1, maxLength: 5 }), (times) => {
        for (const ms of times) expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
    expect(() => isoUtc(8.64e15 + 1)).toThrow(RangeError);
    expect(() => isoUtc(Number.NaN)).toThrow(RangeError);
  });

  it('should tell the two 02:30s of the night summer time ends apart', () => {
    expect(isoLocal(Date.UTC(2026, 9, 25, 0, 30, 5, 7), 'Europe/Madrid')).toBe('2026-10-25T02:30:05.007+02:00');
    expect(isoLocal(Date.UTC(2026, 9, 25, 1, 30, 5, 7), 'Europe/Madrid')).toBe('2026-10-25T02:30:05.007+01:00');
    expect(localTime(Date.UTC(2026, 9, 25, 1, 30), 'Europe/Madrid')).toBe('02:30:00 GMT+1');
  });
});
