/**
 * @module demo/clock
 * The drill's scripted clock: the demo process's `Date` starts on the night of the walkthrough and jumps
 * forward between scenes, so that whatever is stamped with `Date.now()` tells that night: warroom's log
 * and its timers, the Slack emulator's `ts`, `action_ts` and request timestamps, GitHub's `created_at`,
 * the time the Prometheus emulator evaluates its series at. Only `Date` is faked: timers, sockets and
 * Redis run in real time, and within a scene the clock runs with them.
 */
import { TZDate } from '@date-fns/tz';
import { type Clock, install } from '@sinonjs/fake-timers';
import { clock as shownClock } from '../slack/time.js';

export interface ScriptedClock {
  /** `HH:mm` (or `HH:mm:ss`) on the night, in the display time zone, in epoch ms. */
  instant(time: string): number;
  /** Jumps forward to `time`: never back, since warroom's log, Slack's ts and BullMQ's delays only go forward. */
  at(time: string): void;
  /** Gives the process its real `Date` back. */
  stop(): void;
}

/** A night as `yyyy-MM-dd`, in the display time zone. */
export type Night = `${number}-${number}-${number}`;

/**
 * Installs the scripted clock at `first` on `night`.
 * @example
 * const clock = startScriptedClock('2026-11-28', 'Europe/Madrid', '02:47');
 * clock.at('03:12'); // Date.now() is 03:12:00 in Madrid from here on, and runs on
 */
export function startScriptedClock(night: Night, timeZone: string, first: string): ScriptedClock {
  const [year, month, day] = night.split('-').map(Number) as [number, number, number];
  const instant = (time: string): number => {
    const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
    if (!match) throw new Error(`"${time}" is not HH:mm or HH:mm:ss`);
    const [hours, minutes, seconds] = [match[1], match[2], match[3] ?? '0'].map(Number) as [number, number, number];
    return new TZDate(year, month - 1, day, hours, minutes, seconds, 0, timeZone).getTime();
  };
  const installed: Clock = install({ toFake: ['Date'], shouldAdvanceTime: true, now: instant(first) });
  return {
    instant,
    at(time) {
      const target = instant(time);
      const now = Date.now();
      if (target <= now) {
        throw new Error(`the script goes back in time: ${time} is not after ${shownClock(now, timeZone)}`);
      }
      installed.setSystemTime(target);
    },
    stop: () => installed.uninstall(),
  };
}
