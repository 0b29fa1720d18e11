import { describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { createApiToken } from "@/test/api/helpers";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, createTestUser } from "@/test/factories";
import { listAuditActorOptions, listAuditEvents } from "./query";

// Reading the audit log is judged by the service itself (audit:read), whichever door the
// request came through: a page, the CSV export or /api/v1/audit-events.
describe("who may read the audit log", () => {
  it("an admin and a token with audit:read may; a member, an outsider and a narrower token may not", async () => {
    const { organization } = await createTestTenant();
    const organizationId = organization.id;
    const asUser = (userId: string): Principal => ({ kind: "user", userId, ip: null });
    const asToken = (row: { id: string; name: string }): Principal => ({
      kind: "token",
      tokenId: row.id,
      tokenName: row.name,
      ip: null,
    });
    const admin = await createTestUser({ organizationId, role: "ADMIN" });
    const member = await createTestUser({ organizationId, role: "MEMBER" });
    const outsider = await createTestTenant();
    const reader = await createApiToken({ organizationId, scopes: ["audit:read"] });
    const narrow = await createApiToken({ organizationId, scopes: ["domains:read"] });

    for (const allowed of [asUser(admin.user.id), asToken(reader.row)]) {
      await expect(listAuditEvents(allowed, organizationId, { limit: 5 })).resolves.toMatchObject({
        events: [],
      });
    }
    await expect(
      listAuditActorOptions(asUser(admin.user.id), organizationId),
    ).resolves.not.toHaveLength(0);
    for (const refused of [asUser(member.user.id), asUser(outsider.user.id)]) {
      await expectAppError(listAuditEvents(refused, organizationId, { limit: 5 }), "forbidden");
      await expectAppError(listAuditActorOptions(refused, organizationId), "forbidden");
    }
    await expectAppError(
      listAuditEvents(asToken(narrow.row), organizationId, { limit: 5 }),
      "insufficient_scope",
    );
  });
});
