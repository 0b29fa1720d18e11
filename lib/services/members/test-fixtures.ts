import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { ServiceContext, UserPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { createApiToken } from "@/test/api/helpers";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, createTestUser } from "@/test/factories";
import { MEMBER_NOT_FOUND_MESSAGE } from "./member-change";

// Shared by the members services' tests: an organization with an owner, more members, and
// tokens created by a given member.

export const IP = "203.0.113.77";

export async function organizationWithOwner() {
  const { organization, user } = await createTestTenant({ plan: "PRO" });
  return { organizationId: organization.id, owner: user };
}

export async function addMember(organizationId: string, role: Role) {
  return (await createTestUser({ organizationId, role })).user;
}

export async function tokensCreatedBy(
  organizationId: string,
  createdById: string,
  count: number,
  options: { expiresAt?: Date; revokedAt?: Date } = {},
) {
  const rows = [];
  for (let index = 0; index < count; index++) {
    rows.push((await createApiToken({ organizationId, createdById, ...options })).row);
  }
  return rows;
}

export function roleOf(organizationId: string, userId: string) {
  return db.membership
    .findUnique({ where: { organizationId_userId: { organizationId, userId } } })
    .then((membership) => membership?.role ?? null);
}

export function memberEvents(organizationId: string) {
  return db.auditEvent.findMany({
    where: { organizationId, action: { startsWith: "member." } },
    orderBy: { createdAt: "asc" },
  });
}

/** A change of `userId`'s membership by the context's member (a role change, a removal). */
export type MemberChangeCall = (ctx: ServiceContext, userId: string) => Promise<unknown>;

function asMember(userId: string): UserPrincipal {
  return { kind: "user", userId, ip: IP };
}

/**
 * Two owners of each of several organizations apply `change` to each other at the same
 * moment (several organizations, so that some of the pairs' transactions overlap): exactly
 * one of each pair succeeds and one owner remains.
 */
export async function expectOneOwnerAfterRace(change: MemberChangeCall) {
  const pairs = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const { organizationId, owner } = await organizationWithOwner();
      const other = await addMember(organizationId, "OWNER");
      return { organizationId, a: owner.id, b: other.id };
    }),
  );

  const outcomes = await Promise.all(
    pairs.map(({ organizationId, a, b }) =>
      Promise.allSettled([
        change({ organizationId, principal: asMember(a) }, b),
        change({ organizationId, principal: asMember(b) }, a),
      ]),
    ),
  );

  for (const [index, settled] of outcomes.entries()) {
    const { organizationId } = pairs[index]!;
    expect(settled.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    // The loser lost members:manage, or found itself the last owner: a refusal either way.
    const refused = settled.find((outcome) => outcome.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect(await db.membership.count({ where: { organizationId, role: "OWNER" } })).toBe(1);
  }
}

/** Admins and members are refused `change` (forbidden); the target's membership stays. */
export async function expectOnlyOwnersMayChange(change: MemberChangeCall) {
  const { organizationId } = await organizationWithOwner();
  const target = await addMember(organizationId, "MEMBER");
  for (const role of ["ADMIN", "MEMBER"] as const) {
    const actor = await addMember(organizationId, role);
    await expectAppError(
      change({ organizationId, principal: asMember(actor.id) }, target.id),
      "forbidden",
    );
  }
  expect(await roleOf(organizationId, target.id)).toBe("MEMBER");
}

/** An unknown id, a malformed one and a member of another organization: not found. */
export async function expectOutsidersNotFound(change: MemberChangeCall) {
  const { organizationId, owner } = await organizationWithOwner();
  const elsewhere = await organizationWithOwner();
  const outsider = await addMember(elsewhere.organizationId, "MEMBER");

  for (const targetUserId of [randomUUID(), "not-a-uuid", outsider.id]) {
    await expectAppError(
      change({ organizationId, principal: asMember(owner.id) }, targetUserId),
      "not_found",
      MEMBER_NOT_FOUND_MESSAGE,
    );
  }
  expect(await roleOf(elsewhere.organizationId, outsider.id)).toBe("MEMBER");
}
