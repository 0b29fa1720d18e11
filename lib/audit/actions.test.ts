import { describe, expect, it } from "vitest";
import { auditActionLabel } from "./actions";

describe("auditActionLabel", () => {
  it("names known actions, keeps unknown ones as stored", () => {
    expect(auditActionLabel("token.rotated")).toBe("Token rotated");
    expect(auditActionLabel("member.teleported")).toBe("member.teleported");
  });

  it("says a revocation after a secret-scanning report was because the token was found exposed", () => {
    expect(auditActionLabel("token.revoked", { reason: "exposed" })).toBe(
      "Token revoked: found exposed",
    );
    expect(auditActionLabel("token.revoked", { name: "CI" })).toBe("Token revoked");
  });

  it("says a revocation by the unused-token policy was because the token was unused", () => {
    expect(auditActionLabel("token.revoked", { reason: "unused", unusedDays: 90 })).toBe(
      "Token revoked: unused for 90 days",
    );
  });
});
