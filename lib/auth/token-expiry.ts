import { clock } from "@/lib/clock";

// Token expiry works in whole UTC days: a token with expiration date D stops working at
// 00:00:00.000 UTC on D. Using UTC (not the viewer's time zone) gives every member of an
// organization, and the API itself, the same instant for the same date.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Whether `value` is a real calendar date written as YYYY-MM-DD (no 2026-02-30). */
export function isValidDateString(value: string): boolean {
  return parseDateString(value) !== null;
}

/** The instant a token with this expiration date stops working: 00:00:00.000 UTC that day. */
export function expiryInstantFromDate(date: string): Date {
  const instant = parseDateString(date);
  if (!instant) throw new RangeError(`Invalid expiration date: ${JSON.stringify(date)}`);
  return instant;
}

/** The expiration date (YYYY-MM-DD, UTC) of a stored expiry instant; the inverse of the above. */
export function dateFromExpiryInstant(expiresAt: Date): string {
  return expiresAt.toISOString().slice(0, 10);
}

/** A token is expired from the very millisecond its expiry instant is reached. */
export function isTokenExpired(expiresAt: Date | null, now: Date = clock.now()): boolean {
  return expiresAt !== null && now.getTime() >= expiresAt.getTime();
}

/**
 * The earliest expiration date a user may choose: tomorrow in UTC. Today would expire the
 * token at the midnight that already passed, i.e. create a token that never works.
 */
export function earliestAllowedExpirationDate(now: Date = clock.now()): string {
  const startOfToday = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return new Date(startOfToday + DAY_MS).toISOString().slice(0, 10);
}

/** Whether a YYYY-MM-DD expiration date may be chosen now (a real date after today, UTC). */
export function isAllowedExpirationDate(date: string, now: Date = clock.now()): boolean {
  // Fixed-width YYYY-MM-DD strings compare correctly as text.
  return isValidDateString(date) && date >= earliestAllowedExpirationDate(now);
}

function parseDateString(value: string): Date | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  if (year < 1970 || month < 1 || month > 12 || day < 1) return null;
  const instant = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to March 2; a real date survives the round trip.
  if (instant.getUTCMonth() !== month - 1 || instant.getUTCDate() !== day) return null;
  return instant;
}
