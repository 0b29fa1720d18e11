import { describe, expect, it } from "vitest";
import { expiryInstantFromDate } from "@/lib/auth/token-expiry";
import { TOKEN_STATUS_RANK, type TokenStatus, tokenActions, tokenStatus } from "./token-status";

const at = (iso: string) => new Date(iso);

describe("tokenStatus", () => {
  const expiresAt = expiryInstantFromDate("2027-03-15");
  const beforeMidnight = at("2027-03-14T23:59:59.999Z");
  const atMidnight = at("2027-03-15T00:00:00.000Z");
  const revokedAt = at("2027-01-01T00:00:00.000Z");

  it("is active before expiry and without revocation on a plan with API access", () => {
    for (const plan of ["PRO", "BUSINESS", "ENTERPRISE"] as const) {
      expect(tokenStatus({ revokedAt: null, expiresAt }, plan, beforeMidnight)).toBe("active");
      expect(tokenStatus({ revokedAt: null, expiresAt: null }, plan, atMidnight)).toBe("active");
    }
  });

  it("is paused, not active, on a plan without API access", () => {
    for (const plan of ["FREE", "STARTER"] as const) {
      expect(tokenStatus({ revokedAt: null, expiresAt }, plan, beforeMidnight)).toBe("paused");
      expect(tokenStatus({ revokedAt: null, expiresAt: null }, plan, atMidnight)).toBe("paused");
    }
  });

  it("is expired from the expiry instant, on any plan", () => {
    expect(tokenStatus({ revokedAt: null, expiresAt }, "PRO", atMidnight)).toBe("expired");
    expect(tokenStatus({ revokedAt: null, expiresAt }, "FREE", atMidnight)).toBe("expired");
  });

  it("is revoked whatever the expiry and the plan", () => {
    for (const plan of ["FREE", "PRO"] as const) {
      expect(tokenStatus({ revokedAt, expiresAt }, plan, beforeMidnight)).toBe("revoked");
      expect(tokenStatus({ revokedAt, expiresAt }, plan, atMidnight)).toBe("revoked");
      expect(tokenStatus({ revokedAt, expiresAt: null }, plan, atMidnight)).toBe("revoked");
    }
  });

  it("is rotated once rotated, during its grace period and after, unless revoked", () => {
    const rotatedAt = at("2027-02-01T00:00:00.000Z");
    for (const plan of ["FREE", "PRO"] as const) {
      expect(tokenStatus({ revokedAt: null, expiresAt, rotatedAt }, plan, beforeMidnight)).toBe(
        "rotated",
      );
      expect(tokenStatus({ revokedAt: null, expiresAt, rotatedAt }, plan, atMidnight)).toBe(
        "rotated",
      );
      expect(tokenStatus({ revokedAt, expiresAt, rotatedAt }, plan, beforeMidnight)).toBe(
        "revoked",
      );
    }
  });
});

describe("tokenActions", () => {
  it("allows nothing to someone who does not manage tokens, whatever the status", () => {
    for (const status of Object.keys(TOKEN_STATUS_RANK) as TokenStatus[]) {
      expect(tokenActions(status, false)).toEqual({ revoke: false, edit: false, rotate: false });
    }
  });

  it("revokes anything not yet revoked, edits what is neither revoked nor rotated, rotates only an active token", () => {
    expect(tokenActions("active", true)).toEqual({ revoke: true, edit: true, rotate: true });
    expect(tokenActions("paused", true)).toEqual({ revoke: true, edit: true, rotate: false });
    expect(tokenActions("expired", true)).toEqual({ revoke: true, edit: true, rotate: false });
    expect(tokenActions("rotated", true)).toEqual({ revoke: true, edit: false, rotate: false });
    expect(tokenActions("revoked", true)).toEqual({ revoke: false, edit: false, rotate: false });
  });
});
