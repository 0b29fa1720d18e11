import { describe, expect, it } from "vitest";
import {
  dateFromExpiryInstant,
  earliestAllowedExpirationDate,
  expiryInstantFromDate,
  isAllowedExpirationDate,
  isTokenExpired,
  isValidDateString,
} from "./token-expiry";

const at = (iso: string) => new Date(iso);

describe("expiryInstantFromDate", () => {
  it("is 00:00:00.000 UTC of the chosen date", () => {
    expect(expiryInstantFromDate("2027-03-15").toISOString()).toBe("2027-03-15T00:00:00.000Z");
    expect(expiryInstantFromDate("2028-02-29").toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(expiryInstantFromDate("2026-12-31").toISOString()).toBe("2026-12-31T00:00:00.000Z");
  });

  it("round-trips through dateFromExpiryInstant", () => {
    expect(dateFromExpiryInstant(expiryInstantFromDate("2027-01-01"))).toBe("2027-01-01");
  });

  it.each([
    "2027-02-29",
    "2026-02-30",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-1-5",
    "26-01-05",
    "2026/01/05",
    "2026-01-05T00:00:00Z",
    " 2026-01-05",
    "",
    "tomorrow",
  ])("rejects %j", (value) => {
    expect(isValidDateString(value)).toBe(false);
    expect(() => expiryInstantFromDate(value)).toThrow(RangeError);
  });
});

describe("isTokenExpired", () => {
  const expiresAt = expiryInstantFromDate("2027-03-15");

  it("is not expired 1 ms before UTC midnight", () => {
    expect(isTokenExpired(expiresAt, at("2027-03-14T23:59:59.999Z"))).toBe(false);
  });

  it("is expired exactly at UTC midnight", () => {
    expect(isTokenExpired(expiresAt, at("2027-03-15T00:00:00.000Z"))).toBe(true);
  });

  it("stays expired afterwards", () => {
    expect(isTokenExpired(expiresAt, at("2027-03-15T00:00:00.001Z"))).toBe(true);
    expect(isTokenExpired(expiresAt, at("2030-01-01T00:00:00.000Z"))).toBe(true);
  });

  it("never expires without an expiry", () => {
    expect(isTokenExpired(null, at("9999-12-31T23:59:59.999Z"))).toBe(false);
  });

  it("uses the UTC instant whatever the local offset of the input was", () => {
    // 2027-03-15T01:00+02:00 is 2027-03-14T23:00Z: still before UTC midnight.
    expect(isTokenExpired(expiresAt, at("2027-03-15T01:00:00+02:00"))).toBe(false);
    // 2027-03-14T20:00-05:00 is 2027-03-15T01:00Z: already past it.
    expect(isTokenExpired(expiresAt, at("2027-03-14T20:00:00-05:00"))).toBe(true);
  });
});

describe("earliestAllowedExpirationDate", () => {
  it("is tomorrow in UTC", () => {
    expect(earliestAllowedExpirationDate(at("2026-11-22T13:00:00.000Z"))).toBe("2026-11-23");
  });

  it("changes exactly at UTC midnight", () => {
    expect(earliestAllowedExpirationDate(at("2026-11-22T23:59:59.999Z"))).toBe("2026-11-23");
    expect(earliestAllowedExpirationDate(at("2026-11-23T00:00:00.000Z"))).toBe("2026-11-24");
  });

  it("crosses month, year and leap-day boundaries", () => {
    expect(earliestAllowedExpirationDate(at("2026-12-31T12:00:00.000Z"))).toBe("2027-01-01");
    expect(earliestAllowedExpirationDate(at("2028-02-28T12:00:00.000Z"))).toBe("2028-02-29");
    expect(earliestAllowedExpirationDate(at("2027-02-28T12:00:00.000Z"))).toBe("2027-03-01");
  });

  it("follows UTC, not the local date of a viewer ahead of UTC", () => {
    // 2026-11-23T01:00+05:00 is still 2026-11-22 in UTC, so the 23rd is allowed.
    expect(earliestAllowedExpirationDate(at("2026-11-23T01:00:00+05:00"))).toBe("2026-11-23");
  });
});

describe("isAllowedExpirationDate", () => {
  const now = at("2026-11-22T23:59:59.999Z");

  it("rejects today and past dates", () => {
    expect(isAllowedExpirationDate("2026-11-22", now)).toBe(false);
    expect(isAllowedExpirationDate("2026-11-21", now)).toBe(false);
    expect(isAllowedExpirationDate("2020-01-01", now)).toBe(false);
  });

  it("accepts tomorrow and later", () => {
    expect(isAllowedExpirationDate("2026-11-23", now)).toBe(true);
    expect(isAllowedExpirationDate("2030-06-30", now)).toBe(true);
  });

  it("rejects tomorrow once tomorrow has become today", () => {
    expect(isAllowedExpirationDate("2026-11-23", at("2026-11-23T00:00:00.000Z"))).toBe(false);
  });

  it("rejects impossible dates", () => {
    expect(isAllowedExpirationDate("2027-02-29", now)).toBe(false);
  });
});
