import { z } from "zod";
import { AppError } from "@/lib/errors";
import { type KeysetPosition, keysetCursorCodec, UUID_CURSOR_ID } from "@/lib/validations/cursor";

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 100;

/** Why a cursor is refused: the API writes every cursor it accepts. */
export const INVALID_CURSOR_MESSAGE = "cursor is not valid; use the nextCursor of a previous page";

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

/** Cursors of the lists keyed by UUID (the /api/v1 list endpoints). */
const uuidKeysetCursor = keysetCursorCodec(UUID_CURSOR_ID);
export const encodeCursor = uuidKeysetCursor.encode;
export const decodeCursor = uuidKeysetCursor.decode;

/** The `pagination` object of a list response. */
export type Pagination = z.output<typeof paginationSchema>;

/**
 * Where the requested page starts: null for the first page, else the position its cursor
 * holds. A cursor the API did not write is a 422 on `cursor`.
 */
export function pageStart(page: PageQuery): KeysetPosition | null {
  if (page.cursor === undefined) return null;
  const position = decodeCursor(page.cursor);
  if (!position) {
    throw new AppError("validation_error", "Request validation failed", {
      fieldErrors: { cursor: [INVALID_CURSOR_MESSAGE] },
    });
  }
  return position;
}
