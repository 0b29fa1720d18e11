import "server-only";
import { createHash, randomBytes } from "node:crypto";

// The secret in a link MailShield emails or shows once (an invitation, an address
// verification, a password reset): 32 random bytes, base64url (43 characters). Whoever
// holds the link may use it, so only its SHA-256 is stored: a database leak reveals no
// usable link. The shape is LINK_CODE_PATTERN (lib/validations/link-code.ts).

export function generateLinkCode(): string {
  return randomBytes(32).toString("base64url");
}

export function hashLinkCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}
