// The one clock of the application. Every limiter, store, scheduled job and service that
// asks what time it is asks here, so a test moves time by setting this clock instead of
// waiting on the wall clock (test/clock.ts), and a whole suite can be run years ahead to
// find tests that compare a fixed date with the real time. Production never sets it: the
// source is Date.now.
//
// No "server-only": token-expiry rules run in the browser too, where this is Date.now.

type ClockSource = () => number;

// Read on every call rather than captured, so the wall clock is whatever Date.now is then.
const wallClock: ClockSource = () => Date.now();
let source: ClockSource = wallClock;

export const clock = {
  /** The current time. */
  now: (): Date => new Date(source()),
  /** The current time in milliseconds since the epoch. */
  ms: (): number => source(),
};

/** Replaces the clock's source (null: the wall clock again). Only tests call this. */
export function setClockSource(next: ClockSource | null): void {
  source = next ?? wallClock;
}
