import fc from "fast-check";

// fast-check generators for the hostile-input tests: values a client can put in a URL
// that look like what the parsers expect but name instants or ids no database accepts.

/** Any instant JavaScript can represent, as toISOString() writes it ("-100000-…", "+275760-…"). */
export const anyIsoInstant = fc
  .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
  .map((date) => date.toISOString());

/** Date-like query values: ISO instants and dates of any year, edge cases, and garbage. */
export const hostileDateParam = fc.oneof(
  anyIsoInstant,
  anyIsoInstant.map((iso) => iso.slice(0, 10)),
  fc.constantFrom(
    "0000-01-01",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "2026-02-31",
    "+010000-01-01",
  ),
  fc.string({ maxLength: 30 }),
);

/** Number-like query values: huge integers, fractions, exponents, and garbage. */
export const hostileNumberParam = fc.oneof(
  fc.bigInt().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 20 }),
);

export function base64url(text: string): string {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Access-log cursors ("<epoch ms>.<id>") with any 15-digit instant and any id, and garbage. */
export const hostileLogCursor = fc.oneof(
  fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.bigInt({ min: 0n, max: 2n ** 64n }))
    .map(([ms, id]) => base64url(`${ms}.${id}`)),
  fc.string({ maxLength: 70 }),
);

/** List cursors ("<epoch ms>.<uuid>") with any 15-digit instant and any id, and garbage. */
export const hostileListCursor = fc.oneof(
  fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.oneof(fc.uuid(), fc.string()))
    .map(([ms, id]) => base64url(`${ms}.${id}`)),
  fc.string({ maxLength: 250 }),
);
