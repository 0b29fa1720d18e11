import { describe, expect, it } from "vitest";
import { twoFactorRequiredCode, twoFactorStepOf } from "./sign-in-messages";

// The password step's answer for a person with two-factor tells the form which factors to
// offer; the code also arrives through the URL, so anything else is no second step.

describe("the two-factor step's code", () => {
  it("round-trips each combination of factors", () => {
    for (const methods of [
      { totp: true, passkey: false },
      { totp: true, passkey: true },
      { totp: false, passkey: true },
    ]) {
      expect(twoFactorStepOf(twoFactorRequiredCode(methods))).toEqual(methods);
    }
    expect(twoFactorRequiredCode({ totp: true, passkey: false })).toBe("TwoFactorRequired");
    expect(twoFactorRequiredCode({ totp: true, passkey: true })).toBe("TwoFactorRequired:passkey");
  });

  it("is no second step for any other code", () => {
    for (const code of [
      "",
      "CredentialsSignin",
      "TwoFactorRequired:",
      "TwoFactorRequired:sms",
      "xTwoFactorRequired",
    ]) {
      expect(twoFactorStepOf(code)).toBeNull();
    }
  });
});
