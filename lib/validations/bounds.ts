// Bounds on values taken from requests (cursors, dates) before they reach a query. Each
// must be a value PostgreSQL accepts, or a hostile link turns into a database error and a
// 500: JavaScript dates reach 271,821 BC and 275,760 AD, PostgreSQL's timestamptz only
// 4713 BC, and toISOString() writes years past 9999 as "+010000", which it cannot parse.
// Kept free of imports so client components can use it.

/** The earliest instant a request may name: nothing was logged or created before 1970. */
export const EARLIEST_INSTANT = new Date(Date.UTC(1970, 0, 1));
/** The latest: the last millisecond of year 9999, the last one with a four-digit year. */
export const LATEST_INSTANT = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));

/** Whether a date is valid and within [EARLIEST_INSTANT, LATEST_INSTANT]. */
export function isStorableInstant(date: Date): boolean {
  const time = date.getTime();
  return time >= EARLIEST_INSTANT.getTime() && time <= LATEST_INSTANT.getTime();
}

export const INSTANT_RANGE_MESSAGE = "Dates must be between 1970 and 9999.";

/** Largest value of a PostgreSQL bigint (the type of log row ids). */
export const MAX_BIGINT = 9223372036854775807n;
