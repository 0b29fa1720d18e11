import type { Plan, Role } from "@/lib/generated/prisma/enums";

/** One of the user's organizations, with their role in it. */
export interface OrganizationMembership {
  id: string;
  name: string;
  plan: Plan;
  role: Role;
  /** The organization's policy: members need two-factor authentication. */
  requireTwoFactor: boolean;
}

/**
 * The organization the dashboard shows: the one this browser chose when the user still
 * belongs to it (the choice is only a preference, never trusted on its own), else the
 * oldest membership (`memberships` come oldest first). Undefined when there is none.
 */
export function chooseCurrentOrganization<Membership extends { id: string }>(
  memberships: readonly Membership[],
  chosenId: string | null,
): Membership | undefined {
  return memberships.find((membership) => membership.id === chosenId) ?? memberships[0];
}
