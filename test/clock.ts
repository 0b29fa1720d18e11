import { clock, setClockSource } from "@/lib/clock";

// Tests move the application's clock (lib/clock.ts) instead of waiting on the wall clock.
//
// TEST_CLOCK_SHIFT_DAYS runs tests that many days ahead of the real date (scripts/
// time-bombs.mjs runs the test files that write a date ten years ahead): a test that
// compares a date fixed in its text with the current time, directly or through a service
// that reads the clock, fails that run today instead of on the day the date passes.

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;

function testClockShiftMs(): number {
  return Number(process.env.TEST_CLOCK_SHIFT_DAYS ?? 0) * DAY_MS;
}

/**
 * Lets the application's clock run again on the wall clock (shifted by TEST_CLOCK_SHIFT_DAYS
 * when set). test/setup-clock.ts calls it before each file and after each test.
 */
export function resetClock(): void {
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

/**
 * Runs `act` with the clock held at `at` (a service call that must happen at that instant),
 * then lets the clock run again as resetClock does.
 */
export async function atInstant<T>(at: Date, act: () => Promise<T>): Promise<T> {
  holdClock(at);
  try {
    return await act();
  } finally {
    resetClock();
  }
}
