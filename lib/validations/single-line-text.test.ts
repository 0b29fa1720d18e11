import { describe, expect, it } from "vitest";
import { invitedSignUpSchema, signUpSchema } from "./auth";
import { fieldErrorsFromZodError } from "./forms";
import { oneLine } from "./single-line-text";
import { tokenInputSchema } from "./token";

// Person, organization and token names are shown on one line (tables, the header, emails,
// audit exports): none may carry a control character or a line break, whichever form it
// comes through.

const signUp = {
  name: "Ada Lovelace",
  organizationName: "Analytical Engines",
  email: "ada@example.test",
  password: "a long and unusual passphrase 42",
};

const FORBIDDEN = [
  ["a line feed", "Acme\nAccept here: https://evil.example.test"],
  ["a carriage return", "Acme\rCorp"],
  ["a tab", "Acme\tCorp"],
  ["NUL", "Acme\u0000"],
  ["a C1 next line", "Acme\u0085Corp"],
  ["a line separator", "Acme\u2028Corp"],
  ["a paragraph separator", "Acme\u2029Corp"],
  ["an escape", "Acme\u001b[31m"],
] as const;

function errorsOf(schema: typeof signUpSchema | typeof invitedSignUpSchema, input: object) {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrorsFromZodError(result.error);
}

describe("names refuse control characters and line breaks", () => {
  it.each(FORBIDDEN)("a sign-up's organization name with %s", (_, value) => {
    expect(errorsOf(signUpSchema, { ...signUp, organizationName: value })).toEqual({
      organizationName: ["The organization name cannot contain control characters or line breaks"],
    });
  });

  it.each(FORBIDDEN)("a sign-up's person name with %s", (_, value) => {
    expect(errorsOf(signUpSchema, { ...signUp, name: value })).toEqual({
      name: ["Your name cannot contain control characters or line breaks"],
    });
  });

  it.each(FORBIDDEN)("an invited sign-up's person name with %s", (_, value) => {
    const invited = { ...signUp, name: value, invitationCode: "A".repeat(43) };
    expect(errorsOf(invitedSignUpSchema, invited)).toEqual({
      name: ["Your name cannot contain control characters or line breaks"],
    });
  });

  it.each(FORBIDDEN)("a token name with %s, as before", (_, value) => {
    expect(tokenInputSchema.safeParse({ name: value }).success).toBe(false);
  });

  it("accepts names in any script, with accents, punctuation and emoji", () => {
    for (const name of ["Zoë O’Brien-Łukasz", "株式会社 テスト", "Acme, Inc. 🚀", "مؤسسة"]) {
      expect(signUpSchema.safeParse({ ...signUp, name, organizationName: name }).success).toBe(
        true,
      );
    }
  });
});

describe("oneLine", () => {
  it("writes a stored name with control characters or line breaks on one line", () => {
    expect(oneLine("Acme\r\n\tCorp\u2028")).toBe("Acme Corp");
    expect(oneLine("  Plain name ")).toBe("Plain name");
  });
});
