import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";

// The members page's inputs (role changes, removals). Client-safe. The roles' labels and
// descriptions live with their rules in lib/permissions.ts.

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
