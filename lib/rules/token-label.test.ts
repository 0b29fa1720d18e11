import { describe, expect, it } from "vitest";
import { expiryInstantFromDate } from "@/lib/auth/token-expiry";
import { tokenLabel, tokenLabelState, tokenSuffix } from "./token-label";

const now = new Date("2027-03-10T12:00:00.000Z");
const working = { revokedAt: null, rotatedAt: null, expiresAt: null };

describe("tokenLabel", () => {
  it("names a working token by its name and last four characters", () => {
    expect(tokenLabel({ name: "Deploy", lastFour: "a1B2", ...working }, now)).toBe("Deploy …a1B2");
    expect(tokenLabel({ name: "Deploy", lastFour: "a1B2", status: "active" }, now)).toBe(
      "Deploy …a1B2",
    );
    // Paused is the organization's plan, not the token: nothing to tell apart.
    expect(tokenLabel({ name: "Deploy", lastFour: "a1B2", status: "paused" }, now)).toBe(
      "Deploy …a1B2",
    );
  });

  it("tells a rotated token from its successor of the same name", () => {
    const old = { name: "Deploy", lastFour: "OLD1", ...working, rotatedAt: now };
    const successor = { name: "Deploy", lastFour: "NEW2", ...working };
    expect(tokenLabel(old, now)).toBe("Deploy …OLD1 (rotated)");
    expect(tokenLabel(successor, now)).toBe("Deploy …NEW2");
    expect(tokenLabel(old, now)).not.toBe(tokenLabel(successor, now));
  });

  it("says revoked over rotated, and rotated over expired", () => {
    const expiresAt = expiryInstantFromDate("2027-03-01");
    const all = { revokedAt: now, rotatedAt: now, expiresAt };
    expect(tokenLabelState({ name: "x", lastFour: "abcd", ...all }, now)).toBe("revoked");
    expect(tokenLabelState({ name: "x", lastFour: "abcd", ...all, revokedAt: null }, now)).toBe(
      "rotated",
    );
    expect(tokenLabel({ name: "x", lastFour: "abcd", ...working, expiresAt }, now)).toBe(
      "x …abcd (expired)",
    );
    expect(tokenLabel({ name: "x", lastFour: "abcd", status: "revoked" }, now)).toBe(
      "x …abcd (revoked)",
    );
  });

  it("expires from the very millisecond of the expiry instant", () => {
    const expiresAt = expiryInstantFromDate("2027-03-11");
    const token = { name: "x", lastFour: "abcd", ...working, expiresAt };
    expect(tokenLabelState(token, new Date("2027-03-10T23:59:59.999Z"))).toBeNull();
    expect(tokenLabelState(token, new Date("2027-03-11T00:00:00.000Z"))).toBe("expired");
  });

  it("writes the last four as the pages do", () => {
    expect(tokenSuffix("a1B2")).toBe("…a1B2");
  });
});
