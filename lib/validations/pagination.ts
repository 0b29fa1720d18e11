import { z } from "zod";
import { isStorableInstant } from "@/lib/validations/bounds";

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 100;

/** `limit` and `cursor` query parameters shared by every list endpoint. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: "limit must be a whole number between 1 and 100" })
    .int({ error: "limit must be a whole number between 1 and 100" })
    .min(1, { error: "limit must be at least 1" })
    .max(MAX_PAGE_LIMIT, { error: `limit must be at most ${MAX_PAGE_LIMIT}` })
    .default(DEFAULT_PAGE_LIMIT)
    .meta({ description: `Items per page, 1–${MAX_PAGE_LIMIT}.`, examples: [DEFAULT_PAGE_LIMIT] }),
  cursor: z
    .string()
    .min(1, { error: "cursor must not be empty" })
    .max(200, { error: "cursor is not valid" })
    .optional()
    .meta({ description: "Opaque cursor from a previous page's `pagination.nextCursor`." }),
});

export type PageQuery = z.output<typeof pageQuerySchema>;

export const paginationSchema = z.object({
  limit: z
    .int()
    .min(1)
    .max(MAX_PAGE_LIMIT)
    .meta({ description: "The page size that was applied." }),
  nextCursor: z
    .string()
    .nullable()
    .meta({ description: "Pass as `cursor` to fetch the next page; null on the last page." }),
  hasMore: z.boolean().meta({ description: "Whether another page follows." }),
});

/** Position after the last item of a page, in a list ordered by (createdAt, id) descending. */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Cursors are opaque to clients (base64url of JSON) so the ordering can change later
// without breaking them; they carry no secrets and need no signature, because every query
// is scoped to the caller's organization anyway.
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString(
    "base64url",
  );
}

/**
 * The decoded position, or null when the cursor was not produced by `encodeCursor`. Only
 * positions the database can compare against come out: a valid uuid and an instant in
 * the storable range, so a crafted cursor is a validation error and never a query error.
 */
export function decodeCursor(cursor: string): KeysetPosition | null {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(decoded) || decoded.length !== 2) return null;
    const [createdAt, id] = decoded as unknown[];
    if (typeof createdAt !== "string" || typeof id !== "string" || !UUID.test(id)) return null;
    const date = new Date(createdAt);
    if (!isStorableInstant(date) || date.toISOString() !== createdAt) return null;
    return { createdAt: date, id: id.toLowerCase() };
  } catch {
    return null;
  }
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
