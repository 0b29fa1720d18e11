import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("produces an argon2id hash that verifies the original password", async () => {
    const passwordHash = await hashPassword("correct horse battery staple");
    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(verifyPassword(passwordHash, "correct horse battery staple")).resolves.toBe(true);
  });

  it("rejects a different password, including a case change", async () => {
    const passwordHash = await hashPassword("correct horse battery staple");
    await expect(verifyPassword(passwordHash, "Correct horse battery staple")).resolves.toBe(false);
    await expect(verifyPassword(passwordHash, "")).resolves.toBe(false);
  });

  it("salts every hash, so equal passwords give different hashes", async () => {
    const [first, second] = await Promise.all([
      hashPassword("same password here"),
      hashPassword("same password here"),
    ]);
    expect(first).not.toBe(second);
  });

  it("treats a malformed stored hash as a failed verification instead of throwing", async () => {
    await expect(verifyPassword("not-a-hash", "whatever")).resolves.toBe(false);
  });
});
