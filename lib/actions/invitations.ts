"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { DEFAULT_SIGNED_IN_PATH } from "@/lib/auth/callback-url";
import { acceptInvitation } from "@/lib/services/invitations/accept-invitation";
import { createInvitation } from "@/lib/services/invitations/create-invitation";
import {
  type InvitationEmailOutcome,
  sendInvitationEmail,
} from "@/lib/services/invitations/invitation-email";
import { revokeInvitation } from "@/lib/services/invitations/revoke-invitation";
import { dashboardLink } from "@/lib/services/mail/links";
import { rememberOrganization } from "@/lib/session/current-organization";
import {
  acceptInvitationSchema,
  createInvitationSchema,
  revokeInvitationSchema,
} from "@/lib/validations/invitations";
import { defineAction } from "./define-action";

const MEMBERS_PATH = "/settings/members";

/** What the invite dialog shows once the invitation exists. */
export interface CreatedInvitationLink {
  /** The absolute link to copy: the only time it is shown. */
  url: string;
  email: string;
  /** ISO 8601. */
  expiresAt: string;
  emailed: InvitationEmailOutcome;
}

/**
 * Invites someone (owners): the link comes back to be copied, and is emailed when SMTP_URL
 * is set and the address has not had its invitation emails for the day. An email failed
 * or withheld never undoes the invitation: the dialog says to copy the link.
 */
export const createInvitationAction = defineAction(
  {
    name: "invitations.create",
    schema: createInvitationSchema,
    permission: "members:manage",
    sudo: true,
    failureMessage: "The invitation was not created. Please try again.",
  },
  async ({ input, ctx }) => {
    const { invitation, inviteUrlPath, emailing } = await createInvitation(ctx, input);
    // On the configured public URL, never the request's Host: the link goes into an email.
    const url = dashboardLink(inviteUrlPath);
    const emailed: InvitationEmailOutcome =
      emailing === "send"
        ? await sendInvitationEmail({
            to: invitation.email,
            organizationName: invitation.organizationName,
            requireTwoFactor: invitation.requireTwoFactor,
            role: invitation.role,
            expiresAt: invitation.expiresAt,
            invitedBy: invitation.invitedBy,
            url,
          })
        : emailing;
    revalidatePath(MEMBERS_PATH);
    const data: CreatedInvitationLink = {
      url,
      email: invitation.email,
      expiresAt: invitation.expiresAt.toISOString(),
      emailed,
    };
    return { data };
  },
);

/** Revokes a pending invitation (owners): its link stops working. */
export const revokeInvitationAction = defineAction(
  {
    name: "invitations.revoke",
    schema: revokeInvitationSchema,
    permission: "members:manage",
    failureMessage: "The invitation was not revoked. Please try again.",
  },
  async ({ input, ctx }) => {
    await revokeInvitation(ctx, input);
    revalidatePath(MEMBERS_PATH);
    return { data: null, message: "Invitation revoked." };
  },
);

/**
 * The signed-in user accepts an invitation and lands in the organization they joined: any
 * signed-in person, with or without a membership (someone removed from their only
 * organization may join another).
 */
export const acceptInvitationAction = defineAction(
  {
    name: "invitations.accept",
    schema: acceptInvitationSchema,
    access: "signed-in",
    failureMessage: "You could not join right now. Please try again.",
  },
  async ({ input, session, ip }) => {
    const { organizationId } = await acceptInvitation({
      code: input.code,
      userId: session.user.id,
      ip,
    });
    await rememberOrganization(organizationId);
    redirect(DEFAULT_SIGNED_IN_PATH);
  },
);
