import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { clock } from "@/lib/clock";

// Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a
// browser that has signed in to an account successfully gets a signed cookie naming that
// account. With it, the browser signs in past the per-account lockout, which otherwise
// lets anyone who keeps typing wrong passwords lock the real owner out. Each cookie has a
// small failure limit of its own (lib/rate-limit/sign-in-limits.ts), so a stolen one
// cannot be used to guess.
//
// Format: `v1.<account key>.<device id>.<expiry, unix seconds>.<signature>`. The account
// key is the hash the sign-in limits use for the typed email (no address in the cookie).
// The signature is an HMAC under a key derived from the app's secret, over those fields
// and the user's current password hash: changing the password invalidates every device
// cookie of the account, without storing anything.

export const DEVICE_COOKIE_NAME = "mailshield-device";
/** Only next-auth's endpoints (where sign-in happens) ever receive the cookie. */
export const DEVICE_COOKIE_PATH = "/api/auth";
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

const VERSION = "v1";
const FIELD = /^[A-Za-z0-9_-]{1,64}$/;
// Stays far below the 4 KB browsers allow, and bounds the work for a hostile value.
const MAX_COOKIE_LENGTH = 256;

/** Whom a device cookie is for: the account key and the user's current password hash. */
export interface DeviceAccount {
  accountKey: string;
  passwordHash: string;
}

function signingKey(): Buffer {
  // A key of its own, so a device cookie signature can never stand in for anything else
  // signed with the app's secret.
  return createHmac("sha256", resolveAuthSecret()).update("mailshield device cookie v1").digest();
}

function signature(payload: string, passwordHash: string): Buffer {
  return createHmac("sha256", signingKey()).update(`${payload}\n${passwordHash}`).digest();
}

/** A new device cookie value for a browser that just signed in to `account`. */
export function issueDeviceCookie(account: DeviceAccount, now: Date = clock.now()): string {
  const deviceId = randomBytes(16).toString("base64url");
  const expires = Math.floor(now.getTime() / 1000) + DEVICE_COOKIE_MAX_AGE_SECONDS;
  const payload = `${VERSION}.${account.accountKey}.${deviceId}.${expires}`;
  return `${payload}.${signature(payload, account.passwordHash).toString("base64url")}`;
}

/**
 * The account key a device cookie names, or null when it is not shaped like one: a cheap
 * first check that needs no database, before the signature is verified.
 */
export function deviceCookieAccountKey(value: string | null | undefined): string | null {
  return parseDeviceCookie(value)?.accountKey ?? null;
}

/**
 * The device id of a genuine, unexpired cookie issued for `account` under its current
 * password, else null (forged, tampered, expired, another account, password changed).
 */
export function verifyDeviceCookie(
  value: string | null | undefined,
  account: DeviceAccount,
  now: Date = clock.now(),
): string | null {
  const parsed = parseDeviceCookie(value);
  if (!parsed || parsed.accountKey !== account.accountKey) return null;
  if (parsed.expires * 1000 <= now.getTime()) return null;
  const expected = signature(parsed.payload, account.passwordHash);
  const given = Buffer.from(parsed.signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return parsed.deviceId;
}

function parseDeviceCookie(value: string | null | undefined) {
  if (!value || value.length > MAX_COOKIE_LENGTH) return null;
  const parts = value.split(".");
  if (parts.length !== 5) return null;
  const [version, accountKey, deviceId, expires, signed] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (version !== VERSION || !/^\d{1,12}$/.test(expires)) return null;
  if (![accountKey, deviceId, signed].every((field) => FIELD.test(field))) return null;
  return {
    payload: `${version}.${accountKey}.${deviceId}.${expires}`,
    accountKey,
    deviceId,
    expires: Number(expires),
    signature: signed,
  };
}
