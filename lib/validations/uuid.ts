// Ids of every row but the request log are UUIDs. Kept free of imports so client
// components can use it.

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs; anything that is not a UUID cannot name a row. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
