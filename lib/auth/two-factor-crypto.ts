import "server-only";
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
} from "node:crypto";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { config, decodeKey32 } from "@/lib/config";

// The secrets of two-factor authentication at rest:
// - an authenticator app's shared secret must be read back (to compute the expected code),
//   so it is encrypted with AES-256-GCM under TWO_FACTOR_ENCRYPTION_KEY: a copy of the
//   database without the key cannot compute anyone's codes;
// - a recovery code is only ever compared, so only an HMAC of it is stored, keyed by the
//   same key: 50 random bits would survive a plain hash poorly against a stolen table;
// - the sign-in challenge is 32 random bytes, so a plain SHA-256 is enough.
// Development and tests derive the key from the auth secret (a fixed development-only one
// when unset); production refuses to start without the key (lib/config.mjs).

const CIPHERTEXT_VERSION = "v1";

function masterKey(): Buffer {
  const configured = config().TWO_FACTOR_ENCRYPTION_KEY;
  if (configured) {
    const key = decodeKey32(configured);
    if (key) return key;
  }
  return Buffer.from(
    hkdfSync("sha256", resolveAuthSecret(), "mailshield", "two-factor development key", 32),
  );
}

/** A sub-key per use, so the cipher key and the HMAC key are never the same bytes. */
function subKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey(), "mailshield", purpose, 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url: the version leaves room for another key later. */
export function encryptTwoFactorSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", subKey("totp secret"), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [CIPHERTEXT_VERSION, iv, tag, ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** The plaintext, or an error when the key is not the one it was encrypted with. */
export function decryptTwoFactorSecret(stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== CIPHERTEXT_VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error("Unknown two-factor secret format");
  }
  const decipher = createDecipheriv(
    "aes-256-gcm",
    subKey("totp secret"),
    Buffer.from(iv, "base64url"),
  );
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}

// Recovery codes: 10 characters from an alphabet without look-alikes (no 0/o, 1/l/i),
// shown as two groups of five: 50 bits each.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_CODE_LENGTH = 10;
export const RECOVERY_CODE_COUNT = 10;

export function generateRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i += 1) {
    code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  }
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a typed recovery code is compared as: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

export function hashRecoveryCode(code: string): string {
  return createHmac("sha256", subKey("recovery codes"))
    .update(normalizeRecoveryCode(code))
    .digest("hex");
}

export function generateChallengeToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashChallengeToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
