import { clock, setClockSource } from "@/lib/clock";

// Tests move the application's clock (lib/clock.ts) instead of waiting on the wall clock.
//
// TEST_CLOCK_SHIFT_DAYS runs a whole suite that many days ahead of the real date (set up in
// test/setup-clock.ts; `npm test` runs the time-sensitive suites ten years ahead): a test
// that compares a date fixed in its text with the real clock, directly or through a service
// that reads the clock, fails that run today instead of on the day the date passes.

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;

/** The clock tests run on when none holds it: the wall clock, shifted when asked to. */
export function testClockShiftMs(): number {
  return Number(process.env.TEST_CLOCK_SHIFT_DAYS ?? 0) * DAY_MS;
}

export function useShiftedWallClock(): void {
  const shift = testClockShiftMs();
  setClockSource(shift === 0 ? null : () => Date.now() + shift);
}

export interface HeldClock {
  /** The held time. */
  now(): Date;
  /** Moves the held time forward by `ms`. */
  advance(ms: number): void;
  /** Moves the held time to `at`. */
  set(at: Date): void;
}

/**
 * Stops the application's clock at `at` (default: its current time) until the test ends
 * (test/setup-clock.ts lets it run again after each test); only advance() and set() move it.
 */
export function holdClock(at: Date = clock.now()): HeldClock {
  let current = at.getTime();
  setClockSource(() => current);
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
}

/**
 * Holds the clock at the start of the current minute, so a test counting against per-minute
 * windows has the whole minute for itself, whatever second the wall clock shows.
 */
export function holdClockAtMinuteStart(): HeldClock {
  return holdClock(new Date(Math.floor(clock.ms() / MINUTE_MS) * MINUTE_MS));
}
