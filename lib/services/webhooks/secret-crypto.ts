import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { config, decodeKey32 } from "@/lib/config";

// A webhook's signing secret must be read back to sign each delivery, so it cannot be
// hashed: it is encrypted with AES-256-GCM under the key that protects authenticator-app
// secrets (TWO_FACTOR_ENCRYPTION_KEY; in development and tests derived from the auth
// secret, as lib/auth/two-factor-crypto.ts does), through a sub-key of its own.

const VERSION = "v1";

function key(): Buffer {
  const configured = config().TWO_FACTOR_ENCRYPTION_KEY;
  const master =
    (configured ? decodeKey32(configured) : null) ??
    Buffer.from(
      hkdfSync("sha256", resolveAuthSecret(), "mailshield", "two-factor development key", 32),
    );
  return Buffer.from(hkdfSync("sha256", master, "mailshield", "webhook signing secret", 32));
}

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function encryptWebhookSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function decryptWebhookSecret(stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error("Unknown webhook secret format");
  }
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}
