import { DAY_MS } from "@/components/time/format";
import { expiryInstantFromDate, isValidDateString } from "@/lib/auth/token-expiry";
import { plural } from "@/lib/plural";

// Expiry wording for the token pages (general date and time wording is in components/time).
// Expiry is a calendar date in UTC (the token stops at 00:00 UTC on that date), so expiry
// dates are always formatted in UTC: a viewer in New York must see the same date that was
// chosen, not the evening before.

/** Tokens expiring sooner than this are highlighted in the list. */
export const EXPIRY_WARNING_DAYS = 7;

const utcLongDateFormat = new Intl.DateTimeFormat("en-US", {
  weekday: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: "UTC",
});

/** "Tuesday, December 1, 2026" for a "YYYY-MM-DD" input value, or null when invalid. */
export function describeDateInput(value: string): string | null {
  return isValidDateString(value) ? utcLongDateFormat.format(expiryInstantFromDate(value)) : null;
}

/** The "YYYY-MM-DD" that is `days` days after the UTC date of `from`. */
export function addDaysToDateInput(from: Date, days: number): string {
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return new Date(start + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Calendar days (UTC) from today to the expiry date: a token expiring at 00:00 UTC on the
 * 25th, seen on the 22nd, "expires in 3 days" whatever the hour.
 */
export function daysUntil(expiresAt: Date, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.ceil((expiresAt.getTime() - today) / DAY_MS);
}

/** "Expires in 5 hours" on its last day, else "Expires in 3 days". */
export function describeExpiresIn(expiresAt: Date, now: Date): string {
  const days = daysUntil(expiresAt, now);
  if (days <= 1) {
    const hours = Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / (60 * 60 * 1000)));
    return `Expires in ${hours} ${plural(hours, "hour")}`;
  }
  return `Expires in ${days} days`;
}
