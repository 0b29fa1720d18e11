import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { createTestTenant, createTestUser, uniqueSuffix } from "@/test/factories";
import { createInvitation } from "./create-invitation";

// Shared set-up of the invitation tests: an organization with an owner who invites.

export const IP = "203.0.113.7";

export function inviteeEmail(): string {
  return `invitee-${uniqueSuffix()}@example.test`;
}

export async function ownerInvites(options: { role?: Role; email?: string } = {}) {
  const { organization, user: owner } = await createTestTenant();
  const email = options.email ?? inviteeEmail();
  const created = await createInvitation(
    { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId: organization.id },
    { email, role: options.role ?? "ADMIN" },
  );
  return { organization, owner, email, ...created };
}

/** A user with `email` belonging to an organization of their own (an existing account). */
export async function existingUser(email: string) {
  const { organization } = await createTestTenant();
  const { user } = await createTestUser({ organizationId: organization.id, email });
  return user;
}

export function auditEvents(organizationId: string, action: string) {
  return db.auditEvent.findMany({
    where: { organizationId, action },
    select: { actorId: true, targetId: true, metadata: true, ip: true },
  });
}
