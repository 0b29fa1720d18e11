import type { Role } from "@/lib/generated/prisma/enums";

// What the members page's controls know of a member. Client-safe.

export interface MemberView {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  workingTokenCount: number;
}

/** The member's name, or their email when they have none. */
export function memberDisplayName(member: Pick<MemberView, "name" | "email">): string {
  return member.name?.trim() || member.email;
}
