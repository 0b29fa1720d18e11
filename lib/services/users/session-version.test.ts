import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authenticateWithPassword } from "@/lib/services/users/authenticate";
import { bumpSessionVersion } from "@/lib/services/users/session-version";
import { createTestTenant, TEST_PASSWORD } from "@/test/factories";

describe("bumpSessionVersion", () => {
  it("moves the user's session version on, so JWTs issued before no longer match", async () => {
    const { user } = await createTestTenant();
    const before = await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD });

    await bumpSessionVersion(user.id);

    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.sessionVersion).toBe((before?.sessionVersion ?? 0) + 1);
    // A new sign-in gets the new version.
    const after = await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD });
    expect(after?.sessionVersion).toBe(stored.sessionVersion);
  });
});
