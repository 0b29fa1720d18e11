import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/permissions";
import { LINK_CODE_PATTERN, linkCodeSchema } from "./link-code";

// Inviting a member: the form's fields, the roles offered with their one-line descriptions
// (the dialog and the email say the same thing), and the invite code's shape. Client-safe.

/** How long an invitation link stays valid. */
export const INVITATION_VALID_DAYS = 7;

/** The roles an invitation may grant, in the order the dialog offers them (least first). */
export const INVITATION_ROLES = (["MEMBER", "ADMIN", "OWNER"] as const).map((value) => ({
  value,
  label: ROLE_LABELS[value],
  description: ROLE_DESCRIPTIONS[value],
}));

const ROLE_VALUES = ["MEMBER", "ADMIN", "OWNER"] as const satisfies readonly Role[];

/** The invitee's address, trimmed and lower-cased like users.email. */
const inviteeEmailSchema = z
  .string({ error: "Enter the email address to invite" })
  .trim()
  .min(1, { error: "Enter the email address to invite" })
  .max(254, { error: "Email address is too long" })
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }))
  .transform((email) => email.toLowerCase());

export const createInvitationSchema = z.object({
  email: inviteeEmailSchema,
  role: z.enum(ROLE_VALUES, { error: "Choose a role: Member, Admin or Owner" }),
});

export type CreateInvitationInput = z.infer<typeof createInvitationSchema>;

export const revokeInvitationSchema = z.object({
  invitationId: z.uuid({ error: "Invitation not found" }),
});

/** Copy link and Resend: which pending invitation gets a new link. */
export const invitationLinkSchema = revokeInvitationSchema;

/** An invite code: 32 random bytes, base64url without padding (43 characters). */
export const INVITATION_CODE_PATTERN = LINK_CODE_PATTERN;

export const invitationCodeSchema = linkCodeSchema("This invitation link is not valid.");

export const acceptInvitationSchema = z.object({ code: invitationCodeSchema });
