import { describe, expect, it } from "vitest";
import {
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  deviceCookieAccountKey,
  issueDeviceCookie,
  verifyDeviceCookie,
} from "@/lib/auth/device-cookie";

const account = { accountKey: "a".repeat(32), passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$one" };

describe("device cookies", () => {
  it("are valid for the account they were issued to, each with its own device id", () => {
    const first = issueDeviceCookie(account);
    const second = issueDeviceCookie(account);
    expect(deviceCookieAccountKey(first)).toBe(account.accountKey);
    const firstId = verifyDeviceCookie(first, account);
    expect(firstId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(verifyDeviceCookie(second, account)).not.toBe(firstId);
  });

  it("are not valid for another account, after a password change, or once expired", () => {
    const cookie = issueDeviceCookie(account);
    expect(verifyDeviceCookie(cookie, { ...account, accountKey: "b".repeat(32) })).toBeNull();
    expect(verifyDeviceCookie(cookie, { ...account, passwordHash: "$argon2id$new" })).toBeNull();
    const issuedAt = new Date();
    const expired = new Date(issuedAt.getTime() + DEVICE_COOKIE_MAX_AGE_SECONDS * 1000 + 1000);
    expect(verifyDeviceCookie(issueDeviceCookie(account, issuedAt), account, expired)).toBeNull();
  });

  it("cannot be forged or altered", () => {
    const cookie = issueDeviceCookie(account);
    const [version, key, id, expires, signature] = cookie.split(".") as string[];
    const altered = [
      [version, "b".repeat(32), id, expires, signature],
      [version, key, "another-device-id", expires, signature],
      [version, key, id, "99999999999", signature],
      [version, key, id, expires, `${signature?.slice(0, -2)}AA`],
      [version, key, id, expires, ""],
      ["v2", key, id, expires, signature],
    ].map((parts) => parts.join("."));
    for (const value of [...altered, "", "garbage", `${cookie}.extra`, "x".repeat(10_000)]) {
      expect(verifyDeviceCookie(value, account)).toBeNull();
    }
    expect(verifyDeviceCookie(null, account)).toBeNull();
  });
});
