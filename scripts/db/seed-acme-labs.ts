import { generateApiToken } from "@/lib/auth/token";
import { db } from "@/lib/db";

// A second organization for one demo user, so the header's organization switcher shows in
// the demo: the Business demo owner is also an admin of "Acme Labs" (Enterprise), which has
// an owner of its own (`acme@mailshield.test`, same demo password) and two tokens. Joined
// after their own organization, so theirs stays the one they land in. Idempotent, and
// leaves Acme's memberships alone once created.

export const ACME_LABS_NAME = "Acme Labs";
export const ACME_OWNER_EMAIL = "acme@mailshield.test";
const ACME_TOKENS = [
  {
    name: "Acme deploy bot",
    description: "Publishes DNS records from the release pipeline.",
    scopes: ["domains:read", "domains:write"],
  },
  {
    name: "Acme monitoring",
    description: "Read-only checks of the domain list.",
    scopes: ["domains:read"],
  },
];

/**
 * Makes `adminEmail` (an existing user) an admin of Acme Labs; returns its id. The owner's
 * password hash is only computed when the organization is created.
 */
export async function ensureAcmeLabs(
  adminEmail: string,
  hashOwnerPassword: () => Promise<string>,
): Promise<string> {
  // Found through its owner, so a membership changed in the app since (the admin removed
  // or promoted) is left as it is rather than seeded again.
  const existing = await db.membership.findFirst({
    where: { role: "OWNER", user: { email: ACME_OWNER_EMAIL } },
    orderBy: { createdAt: "asc" },
    select: { organizationId: true },
  });
  if (existing) return existing.organizationId;

  const admin = await db.user.findUniqueOrThrow({
    where: { email: adminEmail },
    select: { id: true },
  });
  const passwordHash = await hashOwnerPassword();
  return db.$transaction(async (tx) => {
    const owner = await tx.user.upsert({
      where: { email: ACME_OWNER_EMAIL },
      update: {},
      create: {
        email: ACME_OWNER_EMAIL,
        name: "Acme Owner",
        passwordHash,
        emailVerifiedAt: new Date(),
      },
    });
    const organization = await tx.organization.create({
      data: { name: ACME_LABS_NAME, plan: "ENTERPRISE" },
    });
    await tx.membership.createMany({
      data: [
        { organizationId: organization.id, userId: owner.id, role: "OWNER" },
        { organizationId: organization.id, userId: admin.id, role: "ADMIN" },
      ],
    });
    for (const token of ACME_TOKENS) {
      // The plaintext is thrown away: demo tokens are for looking at, not for calling.
      const { tokenHash, lastFour } = generateApiToken();
      await tx.apiToken.create({
        data: {
          ...token,
          organizationId: organization.id,
          tokenHash,
          lastFour,
          createdById: owner.id,
        },
      });
    }
    return organization.id;
  });
}
