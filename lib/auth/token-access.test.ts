import { describe, expect, it } from "vitest";
import { tokenAccessEndsAt, tokenAccessRefusal } from "./token-access";

// The one judgement of a token's access, shared by the request path and the token services.

const NOW = new Date("2030-05-01T12:00:00.000Z");
const at = (iso: string) => new Date(iso);
const working = {
  revokedAt: null,
  expiresAt: at("2030-06-01T00:00:00.000Z"),
  rotationEndsAt: null,
  plan: "PRO" as const,
};

describe("tokenAccessRefusal", () => {
  it("lets a working token act, a rotated one until the very millisecond its grace ends", () => {
    expect(tokenAccessRefusal(working, NOW)).toBeNull();
    const rotated = { ...working, rotationEndsAt: at("2030-05-01T13:00:00.000Z") };
    expect(tokenAccessRefusal(rotated, at("2030-05-01T12:59:59.999Z"))).toBeNull();
    expect(tokenAccessRefusal(rotated, at("2030-05-01T13:00:00.000Z"))).toBe("token_rotated");
  });

  it("names revoked first, then expired, rotated and the plan", () => {
    const everything = {
      revokedAt: at("2030-04-01T00:00:00.000Z"),
      expiresAt: at("2030-04-02T00:00:00.000Z"),
      rotationEndsAt: at("2030-04-03T00:00:00.000Z"),
      plan: "FREE" as const,
    };
    expect(tokenAccessRefusal(everything, NOW)).toBe("token_revoked");
    expect(tokenAccessRefusal({ ...everything, revokedAt: null }, NOW)).toBe("token_expired");
    expect(tokenAccessRefusal({ ...everything, revokedAt: null, expiresAt: null }, NOW)).toBe(
      "token_rotated",
    );
    expect(tokenAccessRefusal({ ...working, plan: "FREE" }, NOW)).toBe("plan_without_api_access");
  });
});

describe("tokenAccessEndsAt", () => {
  it("is the earlier of the expiry and the grace end, null when neither is set", () => {
    const graceEnd = at("2030-05-01T13:00:00.000Z");
    expect(tokenAccessEndsAt({ expiresAt: null, rotationEndsAt: null })).toBeNull();
    expect(tokenAccessEndsAt({ expiresAt: working.expiresAt, rotationEndsAt: null })).toEqual(
      working.expiresAt,
    );
    expect(tokenAccessEndsAt({ expiresAt: null, rotationEndsAt: graceEnd })).toEqual(graceEnd);
    expect(tokenAccessEndsAt({ expiresAt: working.expiresAt, rotationEndsAt: graceEnd })).toEqual(
      graceEnd,
    );
  });
});
