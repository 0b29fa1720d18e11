import { z } from "zod";

/** A link's secret (lib/auth/link-code.ts): 32 random bytes in base64url. */
export const LINK_CODE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The secret of an emailed link, refused with `message` when it cannot be one. */
export function linkCodeSchema(message: string) {
  return z.string({ error: message }).regex(LINK_CODE_PATTERN, { error: message });
}
