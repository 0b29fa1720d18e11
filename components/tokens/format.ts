import { expiryInstantFromDate, isValidDateString } from "@/lib/auth/token-expiry";

// Date formatting for the token pages. Expiry is a calendar date in UTC (the token stops at
// 00:00 UTC on that date), so expiry dates are always formatted in UTC: a viewer in
// New York must see the same date that was chosen, not the evening before.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Tokens expiring sooner than this are highlighted in the list. */
export const EXPIRY_WARNING_DAYS = 7;

const utcDateFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

const utcLongDateFormat = new Intl.DateTimeFormat("en-US", {
  weekday: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: "UTC",
});

const utcDateTimeFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});

/** "Dec 1, 2026" for the UTC calendar date of an instant. */
export function formatUtcDate(date: Date): string {
  return utcDateFormat.format(date);
}

/** "Dec 1, 2026, 14:05 UTC": exact and the same on the server and in every browser. */
export function formatUtcDateTime(date: Date): string {
  return `${utcDateTimeFormat.format(date)} UTC`;
}

/** "Dec 1, 2026, 3:05 PM" in the viewer's own time zone (browser only for stable output). */
export function formatLocalDateTime(date: Date): string {
  return new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(date);
}

/** "Nov 22, 2026" in the viewer's own time zone (browser only for stable output). */
export function formatLocalDate(date: Date): string {
  return new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
  }).format(date);
}

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

const relativeTimeFormat = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });

const RELATIVE_UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * DAY_MS],
  ["month", 30 * DAY_MS],
  ["week", 7 * DAY_MS],
  ["day", DAY_MS],
  ["hour", 60 * 60 * 1000],
  ["minute", 60 * 1000],
];

/** "just now", "5 minutes ago", "yesterday", "3 months ago". */
export function formatRelativeTime(date: Date, now: Date): string {
  const elapsed = date.getTime() - now.getTime();
  if (Math.abs(elapsed) < 60 * 1000) return "just now";
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(elapsed) >= size) {
      return relativeTimeFormat.format(Math.trunc(elapsed / size), unit);
    }
  }
  return "just now";
}

export function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
