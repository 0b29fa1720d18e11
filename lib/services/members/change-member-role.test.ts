import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listAuditEvents } from "@/lib/services/audit/query";
import { expectAppError } from "@/test/expect-app-error";
import { changeMemberRole } from "./change-member-role";
import { LAST_OWNER_MESSAGE } from "./member-change";
import {
  addMember,
  expectOneOwnerAfterRace,
  expectOnlyOwnersMayChange,
  expectOutsidersNotFound,
  IP,
  memberEvents,
  organizationWithOwner,
  roleOf,
} from "./test-fixtures";

afterAll(async () => {
  await db.$disconnect();
});

describe("changeMemberRole", () => {
  it("changes the role and records member.role_changed on the member", async () => {
    const { organizationId, owner } = await organizationWithOwner();
    const member = await addMember(organizationId, "MEMBER");

    const result = await changeMemberRole(
      { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId },
      { userId: member.id, role: "ADMIN" },
    );

    expect(result).toEqual({
      email: member.email,
      before: "MEMBER",
      after: "ADMIN",
      changed: true,
    });
    expect(await roleOf(organizationId, member.id)).toBe("ADMIN");
    const [event, ...others] = await memberEvents(organizationId);
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      action: "member.role_changed",
      actorId: owner.id,
      targetType: "user",
      targetId: member.id,
      ip: IP,
      metadata: { email: member.email, changes: { role: { before: "MEMBER", after: "ADMIN" } } },
    });
    // The Audit Log page and its CSV name the member as the target.
    const viewer = { kind: "user", userId: owner.id, ip: null } as const;
    const { events } = await listAuditEvents(viewer, organizationId, { limit: 10 });
    expect(events[0]).toMatchObject({ action: "member.role_changed", targetName: member.email });
  });

  it("does nothing, and records nothing, when the role is unchanged", async () => {
    const { organizationId, owner } = await organizationWithOwner();
    const admin = await addMember(organizationId, "ADMIN");

    const result = await changeMemberRole(
      { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId },
      { userId: admin.id, role: "ADMIN" },
    );

    expect(result.changed).toBe(false);
    expect(await memberEvents(organizationId)).toEqual([]);
  });

  it("refuses to demote the last owner, themselves included", async () => {
    const { organizationId, owner } = await organizationWithOwner();

    for (const role of ["ADMIN", "MEMBER"] as const) {
      await expectAppError(
        changeMemberRole(
          { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId },
          { userId: owner.id, role },
        ),
        "conflict",
        LAST_OWNER_MESSAGE,
      );
    }
    expect(await roleOf(organizationId, owner.id)).toBe("OWNER");
    expect(await memberEvents(organizationId)).toEqual([]);
  });

  it("lets an owner step down while another owner remains", async () => {
    const { organizationId, owner } = await organizationWithOwner();
    const other = await addMember(organizationId, "OWNER");

    await changeMemberRole(
      { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId },
      { userId: owner.id, role: "ADMIN" },
    );

    expect(await roleOf(organizationId, owner.id)).toBe("ADMIN");
    expect(await roleOf(organizationId, other.id)).toBe("OWNER");
  });

  it("leaves one owner when two owners demote each other at the same moment", async () => {
    await expectOneOwnerAfterRace((ctx, userId) =>
      changeMemberRole(ctx, { userId, role: "MEMBER" }),
    );
  });

  it("refuses admins and members: only owners manage members", async () => {
    await expectOnlyOwnersMayChange((ctx, userId) =>
      changeMemberRole(ctx, { userId, role: "ADMIN" }),
    );
  });

  it("answers not found for an unknown user or a member of another organization", async () => {
    await expectOutsidersNotFound((ctx, userId) =>
      changeMemberRole(ctx, { userId, role: "ADMIN" }),
    );
  });

  it("refuses an owner of another organization", async () => {
    const { organizationId } = await organizationWithOwner();
    const member = await addMember(organizationId, "MEMBER");
    const elsewhere = await organizationWithOwner();

    await expectAppError(
      changeMemberRole(
        { principal: { kind: "user", userId: elsewhere.owner.id, ip: IP }, organizationId },
        { userId: member.id, role: "OWNER" },
      ),
      "forbidden",
    );
  });
});
