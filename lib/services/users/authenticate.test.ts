import { describe, expect, it } from "vitest";
import { authenticateWithPassword } from "@/lib/services/users/authenticate";
import { createTestTenant, TEST_PASSWORD } from "@/test/factories";

describe("authenticateWithPassword (the Credentials authorize function)", () => {
  it("returns the user, with their session version, for the right email and password", async () => {
    const { user } = await createTestTenant();
    const result = await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD });
    expect(result).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      sessionVersion: 0,
      twoFactor: false,
    });
  });

  it("matches the email case-insensitively and ignores surrounding spaces", async () => {
    const { user } = await createTestTenant();
    const result = await authenticateWithPassword({
      email: `  ${user.email.toUpperCase()} `,
      password: TEST_PASSWORD,
    });
    expect(result?.id).toBe(user.id);
  });

  it("rejects a wrong password", async () => {
    const { user } = await createTestTenant();
    await expect(
      authenticateWithPassword({ email: user.email, password: `${TEST_PASSWORD}!` }),
    ).resolves.toBeNull();
  });

  it("rejects an unknown email the same way as a wrong password", async () => {
    await expect(
      authenticateWithPassword({ email: "nobody-here@example.test", password: TEST_PASSWORD }),
    ).resolves.toBeNull();
  });

  it("rejects missing or malformed credentials without throwing", async () => {
    await expect(authenticateWithPassword(undefined)).resolves.toBeNull();
    await expect(authenticateWithPassword({ email: "x@example.test" })).resolves.toBeNull();
    await expect(
      authenticateWithPassword({ email: "not-an-email", password: TEST_PASSWORD }),
    ).resolves.toBeNull();
  });
});
