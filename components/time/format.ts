// Date and time wording shared by every dashboard page. Exact times are rendered in UTC on
// the server (the same in every browser) and in the viewer's own zone once hydrated.

export const DAY_MS = 24 * 60 * 60 * 1000;

const utcDateFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
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
