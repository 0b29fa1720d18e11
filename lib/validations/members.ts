import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";

// The members page's inputs (role changes, removals). Client-safe: the page's controls show
// the same labels and explanations the server's messages use.

/** Each role's name as the dashboard writes it. */
export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  MEMBER: "Member",
};

/** What each role may do, in one line (lib/permissions.ts holds the rules themselves). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: "Manage members, billing, token policies and API tokens.",
  ADMIN: "Manage API tokens and domains.",
  MEMBER: "View tokens, logs and members; change nothing.",
};

/** The roles in the order the dashboard lists them, most rights first. */
export const ROLES: readonly Role[] = ["OWNER", "ADMIN", "MEMBER"];

export const memberRoleSchema = z.enum(Role, { error: "Choose Owner, Admin or Member" });

/** The member acted on: their user id, from the row's hidden field. */
const memberUserIdSchema = z.uuid({ error: "Choose a member of this organization" });

export const changeMemberRoleSchema = z.object({
  userId: memberUserIdSchema,
  role: memberRoleSchema,
});

/**
 * A yes/no from a form: a checkbox sends "on" when ticked and nothing otherwise, a radio or
 * hidden field "true" or "false"; a direct call may send a boolean. Absent means no, the
 * choice that destroys nothing.
 */
const formBooleanSchema = z
  .preprocess(
    (value) => (typeof value === "boolean" ? String(value) : value),
    z.enum(["true", "false", "on"], { error: "Choose yes or no" }).optional(),
  )
  .transform((value) => value === "true" || value === "on");

export const removeMemberSchema = z.object({
  userId: memberUserIdSchema,
  /** Also revoke the working tokens the member created in this organization. */
  revokeTokens: formBooleanSchema,
});

export const MEMBER_ROLE_CHANGE_FAILED_MESSAGE = "The role could not be changed. Please try again.";
export const MEMBER_REMOVE_FAILED_MESSAGE = "The member could not be removed. Please try again.";
