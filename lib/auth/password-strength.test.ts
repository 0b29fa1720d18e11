import { describe, expect, it } from "vitest";
import {
  COMMON_PASSWORD_MESSAGE,
  PERSONAL_PASSWORD_MESSAGE,
  weakPasswordReason,
} from "@/lib/auth/password-strength";
import { signUpSchema } from "@/lib/validations/auth";

const ada = {
  email: "ada.lovelace@example.test",
  name: "Ada Lovelace",
  organizationName: "Engines",
};

describe("weakPasswordReason", () => {
  it.each([
    "password1234",
    "Password-1234!",
    "QWERTYUIOPAS",
    "123456789012",
    "aaaaaaaaaaaaaaaa",
    "abababababab",
    "abcdefghijklmnop",
  ])("rejects the common or trivial password %j", (password) => {
    expect(weakPasswordReason(password, ada)).toBe(COMMON_PASSWORD_MESSAGE);
  });

  it.each(["ada.lovelace2026", "AdaLovelace!!12", "Lovelace-Engines-1", "engines-lovelace"])(
    "rejects %j, built from the email, name or organization",
    (password) => {
      expect(weakPasswordReason(password, ada)).toBe(PERSONAL_PASSWORD_MESSAGE);
    },
  );

  it.each([
    "correct horse battery staple",
    "tangerine-orbit-quietly-42",
    "Lovelace wrote the first program",
  ])("accepts %j", (password) => {
    expect(weakPasswordReason(password, ada)).toBeNull();
  });
});

describe("signUpSchema password rules", () => {
  it("puts the weak-password message on the password field", () => {
    const result = signUpSchema.safeParse({ ...ada, password: "password1234" });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["password"], message: COMMON_PASSWORD_MESSAGE }),
    ]);
  });
});
