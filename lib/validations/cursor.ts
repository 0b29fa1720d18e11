import { isStorableInstant, MAX_BIGINT } from "@/lib/validations/bounds";
import { isUuid } from "@/lib/validations/uuid";

// Keyset cursors for lists ordered by (createdAt, id) newest first. A cursor is opaque to
// clients (base64url of "<epoch ms>.<id>") so the ordering can change later without
// breaking them; it carries no secret and needs no signature, because every query is
// scoped to the caller's organization anyway. btoa/atob instead of Buffer: the Access
// Logs' filter code that reads cursors also runs in the browser.

/** Position after the last item of a page: items strictly older than it come next. */
export interface KeysetPosition<Id = string> {
  createdAt: Date;
  id: Id;
}

/** How a cursor writes and reads one kind of id. */
export interface CursorId<Id> {
  format(id: Id): string;
  /** The id, or null for text that names no id the database accepts. */
  parse(text: string): Id | null;
}

export interface KeysetCursorCodec<Id> {
  encode(position: KeysetPosition<Id>): string;
  /**
   * The decoded position, or null for anything `encode` could not have produced. Only
   * positions the database can compare against come out (an instant in the storable range
   * and a valid id), so a crafted cursor is a validation error and never a query error.
   */
  decode(cursor: string): KeysetPosition<Id> | null;
}

/** UUID ids, compared in lower case. */
export const UUID_CURSOR_ID: CursorId<string> = {
  format: (id) => id,
  parse: (text) => (isUuid(text) ? text.toLowerCase() : null),
};

/** PostgreSQL bigint ids (the request log's). */
export const BIGINT_CURSOR_ID: CursorId<bigint> = {
  format: (id) => id.toString(),
  parse: (text) => {
    if (!/^\d{1,19}$/.test(text)) return null;
    const id = BigInt(text);
    return id > MAX_BIGINT ? null : id;
  },
};

// Wide enough for 15 digits of milliseconds, a dot and a UUID, in base64.
const MAX_CURSOR_LENGTH = 96;
const BASE64URL = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_CURSOR_LENGTH}}$`);

export function keysetCursorCodec<Id>(cursorId: CursorId<Id>): KeysetCursorCodec<Id> {
  return {
    encode: ({ createdAt, id }) =>
      btoa(`${createdAt.getTime()}.${cursorId.format(id)}`)
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, ""),
    decode: (cursor) => {
      if (!BASE64URL.test(cursor)) return null;
      let decoded: string;
      try {
        decoded = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
      } catch {
        return null;
      }
      const match = /^(\d{1,15})\.(.+)$/.exec(decoded);
      if (!match) return null;
      const createdAt = new Date(Number(match[1]));
      if (!isStorableInstant(createdAt)) return null;
      const id = cursorId.parse(match[2]!);
      return id === null ? null : { createdAt, id };
    },
  };
}
