import { randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import type { Plan, Role } from "@/lib/generated/prisma/enums";

// Builders for integration tests. Every call makes fresh rows with unique names, so test
// files never depend on each other's data and never need to truncate tables.

let cachedPasswordHash: Promise<string> | undefined;

export const TEST_PASSWORD = "correct horse battery staple";

function testPasswordHash(): Promise<string> {
  cachedPasswordHash ??= hashPassword(TEST_PASSWORD);
  return cachedPasswordHash;
}

export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

export async function createTestOrganization(options: { plan?: Plan; name?: string } = {}) {
  return db.organization.create({
    data: { name: options.name ?? `Test Org ${uniqueSuffix()}`, plan: options.plan ?? "PRO" },
  });
}

export async function createTestUser(options: {
  organizationId: string;
  role?: Role;
  email?: string;
  /** False: an account that has not verified its address yet (the default is verified). */
  verified?: boolean;
}) {
  const email = options.email ?? `user-${uniqueSuffix()}@test.mailshield.test`;
  const user = await db.user.create({
    data: {
      email,
      name: "Test User",
      passwordHash: await testPasswordHash(),
      emailVerifiedAt: options.verified === false ? null : clock.now(),
    },
  });
  const membership = await db.membership.create({
    data: {
      organizationId: options.organizationId,
      userId: user.id,
      role: options.role ?? "OWNER",
    },
  });
  return { user, membership };
}

/** An organization with an owner: the usual starting point of a test. */
export async function createTestTenant(options: { plan?: Plan; role?: Role } = {}) {
  const organization = await createTestOrganization({ plan: options.plan });
  const { user } = await createTestUser({ organizationId: organization.id, role: options.role });
  return { organization, user };
}
