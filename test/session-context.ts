import { clock } from "@/lib/clock";
import type { Plan, Role } from "@/lib/generated/prisma/enums";
import type { SessionContext } from "@/lib/session/session";

// The session of a user signed in to `organization` with `role`, as tests that stand in for
// the session module set it. The user belongs to that organization alone unless `others`
// lists more (each with the user's role in it), as the header's switcher would list them.

interface SessionOrganization {
  id: string;
  name: string;
  plan: Plan;
}

export function sessionContextFor(
  user: { id: string; email: string; name: string | null; emailVerifiedAt?: Date | null },
  organization: SessionOrganization,
  role: Role,
  others: (SessionOrganization & { role: Role })[] = [],
): SessionContext {
  const current = { id: organization.id, name: organization.name, plan: organization.plan };
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      // Factories' users are verified unless made otherwise.
      emailVerified: user.emailVerifiedAt !== null,
    },
    organization: current,
    role,
    organizations: [{ ...current, role }, ...others].map((membership) => ({
      ...membership,
      requireTwoFactor: false,
    })),
    twoFactorSetupRequired: false,
    // A session that has just signed in: sudo mode is open (tests of sudo move the clock).
    sessionId: "00000000-0000-4000-8000-000000000000",
    confirmedAt: clock.now(),
  };
}
