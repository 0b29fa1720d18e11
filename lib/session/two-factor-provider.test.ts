import { describe, expect, it } from "vitest";
import { secondFactorOf } from "./two-factor-provider";

// What the "two-factor" provider accepts from the form before anything reaches the
// database: the fields next-auth hands it are whatever a forged POST sent.

const ASSERTION = {
  id: "abc",
  rawId: "abc",
  type: "public-key",
  response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" },
  clientExtensionResults: {},
};

describe("the second factor the provider reads from the form", () => {
  it("takes a code with its method, and a passkey's challenge and response", () => {
    expect(secondFactorOf({ method: "totp", code: "123456" })).toEqual({
      kind: "totp",
      code: "123456",
    });
    expect(secondFactorOf({ method: "recovery", code: "abcde-12345" })).toMatchObject({
      kind: "recovery",
    });
    const challengeId = crypto.randomUUID();
    expect(
      secondFactorOf({ method: "passkey", challengeId, response: JSON.stringify(ASSERTION) }),
    ).toMatchObject({ kind: "passkey", challengeId, response: { id: "abc" } });
  });

  it("refuses anything else before it is checked", () => {
    const forged: Array<Record<string, unknown> | undefined> = [
      undefined,
      {},
      { method: "totp" },
      { method: "totp", code: "" },
      { method: "totp", code: "1".repeat(65) },
      { method: "totp", code: ["123456"] },
      { method: "sms", code: "123456" },
      { method: "passkey" },
      { method: "passkey", challengeId: "not-a-uuid", response: JSON.stringify(ASSERTION) },
      { method: "passkey", challengeId: crypto.randomUUID(), response: "not json" },
      { method: "passkey", challengeId: crypto.randomUUID(), response: "{}" },
      { method: "passkey", challengeId: crypto.randomUUID(), response: "x".repeat(40_000) },
      {
        method: "passkey",
        challengeId: crypto.randomUUID(),
        response: JSON.stringify({ ...ASSERTION, response: { signature: "<script>" } }),
      },
    ];
    for (const credentials of forged) expect(secondFactorOf(credentials)).toBeNull();
  });
});
