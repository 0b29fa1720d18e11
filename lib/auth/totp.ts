import { Secret, TOTP } from "otpauth";

// Authenticator-app codes (RFC 6238 TOTP: SHA-1, 6 digits, 30 seconds, what every app
// supports). Pure functions of the secret and a time, so tests hold the clock.

const ISSUER = "MailShield";
const PERIOD_SECONDS = 30;
/** One step either side: a phone clock off by up to 30 s, or a code typed as it turned. */
const WINDOW = 1;

function totp(secretBase32: string, label = ""): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new shared secret, 160 random bits, base32 (the setup key people may type). */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI the QR code holds. */
export function totpUri(secretBase32: string, accountEmail: string): string {
  return totp(secretBase32, accountEmail).toString();
}

/** The setup key grouped by four, as authenticator apps show and accept it. */
export function formatSetupKey(secretBase32: string): string {
  return secretBase32.replace(/(.{4})(?=.)/g, "$1 ");
}

/** Six digits, spaces allowed between them (apps show "123 456"). */
export function normalizeTotpCode(code: string): string | null {
  const digits = code.replace(/\s/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * The time step a correct code belongs to, or null. The caller refuses a step at or
 * before the last one accepted (a code works once).
 */
export function totpCodeStep(secretBase32: string, code: string, now: Date): number | null {
  const digits = normalizeTotpCode(code);
  if (!digits) return null;
  const timestamp = now.getTime();
  const delta = totp(secretBase32).validate({ token: digits, timestamp, window: WINDOW });
  if (delta === null) return null;
  return Math.floor(timestamp / 1000 / PERIOD_SECONDS) + delta;
}

/** The code for `now` (tests, and nothing else, compute codes). */
export function totpCodeAt(secretBase32: string, now: Date): string {
  return totp(secretBase32).generate({ timestamp: now.getTime() });
}
