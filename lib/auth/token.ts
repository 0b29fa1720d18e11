import { hash, randomBytes } from "node:crypto";
import { TOKEN_PREFIX, TOKEN_RANDOM_BYTES, WELL_FORMED_TOKEN } from "@/lib/auth/token-format";

export interface GeneratedApiToken {
  /** The plaintext token. It exists only in memory and is shown to the user once. */
  token: string;
  /** SHA-256 of the token, lower-case hex: the only form the database stores. */
  tokenHash: string;
  /** The last four characters, stored so the dashboard can show `…a1b2`. */
  lastFour: string;
}

export function generateApiToken(): GeneratedApiToken {
  const token = TOKEN_PREFIX + randomBytes(TOKEN_RANDOM_BYTES).toString("base64url");
  return { token, tokenHash: hashApiToken(token), lastFour: token.slice(-4) };
}

// A fast unsalted hash is the right tool here: the token carries 256 bits of entropy, so
// there is nothing to brute-force, and a deterministic hash allows a unique-index lookup.
// The one-shot `hash` skips creating a Hash object on every API request.
export function hashApiToken(token: string): string {
  return hash("sha256", token, "hex");
}

/** Checks the shape only (prefix, length, alphabet); it says nothing about validity. */
export function isWellFormedApiToken(value: string): boolean {
  return WELL_FORMED_TOKEN.test(value);
}
