import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiToken } from "@/test/api/helpers";
import { holdClock } from "@/test/clock";
import { createTestTenant, createTestUser } from "@/test/factories";
import { enforceUnusedTokenPolicy } from "./unused-tokens";

// The unused-token policy's job on a moved clock: the warning 7 days before, the
// revocation at the deadline and not before, nothing for a token used recently or when the
// policy is off. A token never used counts from its creation.

const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date("2026-10-01T00:00:00.000Z");
const at = (days: number) => new Date(START.getTime() + days * DAY_MS);

/** Runs the job with the application's clock moved to `days` after START. */
function runAt(days: number) {
  holdClock(at(days));
  return enforceUnusedTokenPolicy();
}

async function setup(policy: number | null) {
  const { organization, user: owner } = await createTestTenant({ plan: "PRO" });
  const { user: creator } = await createTestUser({
    organizationId: organization.id,
    role: "MEMBER",
  });
  await createTestUser({ organizationId: organization.id, role: "ADMIN" });
  await db.organization.update({
    where: { id: organization.id },
    data: { revokeUnusedTokensAfterDays: policy },
  });
  holdClock(START);
  const { row } = await createApiToken({
    organizationId: organization.id,
    createdById: creator.id,
  });
  await db.apiToken.update({ where: { id: row.id }, data: { createdAt: START } });
  return { organization, owner, creator, tokenId: row.id };
}

const tokenState = (id: string) =>
  db.apiToken.findUniqueOrThrow({
    where: { id },
    select: {
      revokedAt: true,
      revokedById: true,
      revokedReason: true,
      revokedUnusedDays: true,
      unusedWarnedAt: true,
    },
  });

const warnedUsers = async (tokenId: string) =>
  (
    await db.notification.findMany({
      where: { tokenId, kind: "TOKEN_UNUSED" },
      select: { userId: true, thresholdDays: true },
    })
  )
    .map((row) => `${row.userId}:${row.thresholdDays}`)
    .sort();

describe("enforceUnusedTokenPolicy", () => {
  it("warns the creator and the owners 7 days before, then revokes at the deadline, not before", async () => {
    const { organization, owner, creator, tokenId } = await setup(30);

    await runAt(22.9);
    expect(await warnedUsers(tokenId)).toEqual([]);

    await runAt(23);
    // The creator and the owner; not the admin.
    expect(await warnedUsers(tokenId)).toEqual([`${creator.id}:30`, `${owner.id}:30`].sort());
    expect((await tokenState(tokenId)).unusedWarnedAt).toEqual(at(23));

    await runAt(29.99);
    expect((await tokenState(tokenId)).revokedAt).toBeNull();
    // A second run warns no one again.
    expect(await db.notification.count({ where: { tokenId } })).toBe(2);

    await runAt(30);
    expect(await tokenState(tokenId)).toMatchObject({
      revokedAt: at(30),
      revokedById: null,
      revokedReason: "unused",
      revokedUnusedDays: 30,
    });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: organization.id, action: "token.revoked", targetId: tokenId },
      select: { actorId: true, actorTokenId: true, metadata: true },
    });
    expect(audit).toMatchObject({ actorId: null, actorTokenId: null });
    expect(audit.metadata).toMatchObject({ reason: "unused", unusedDays: 30 });
  });

  it("counts from the last use: a token used recently is left alone, and a use voids a warning", async () => {
    const { tokenId } = await setup(30);
    await db.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: at(20) } });
    await runAt(30);
    expect(await tokenState(tokenId)).toMatchObject({ revokedAt: null, unusedWarnedAt: null });

    await runAt(43);
    expect((await tokenState(tokenId)).unusedWarnedAt).toEqual(at(43));
    // Used after the warning: the deadline moves with it.
    await db.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: at(45) } });
    await runAt(50);
    expect((await tokenState(tokenId)).revokedAt).toBeNull();
    await runAt(68);
    expect((await tokenState(tokenId)).unusedWarnedAt).toEqual(at(68));
    await runAt(75);
    expect((await tokenState(tokenId)).revokedAt).toEqual(at(75));
  });

  it("never revokes without 7 days' notice, even when the policy is turned on late", async () => {
    const { tokenId } = await setup(30);
    await runAt(100);
    expect(await tokenState(tokenId)).toMatchObject({ revokedAt: null, unusedWarnedAt: at(100) });
    await runAt(106.9);
    expect((await tokenState(tokenId)).revokedAt).toBeNull();
    await runAt(107);
    expect((await tokenState(tokenId)).revokedAt).toEqual(at(107));
  });

  it("does nothing when the policy is off", async () => {
    const { tokenId } = await setup(null);
    await runAt(400);
    expect(await tokenState(tokenId)).toMatchObject({ revokedAt: null, unusedWarnedAt: null });
    expect(await warnedUsers(tokenId)).toEqual([]);
  });
});
