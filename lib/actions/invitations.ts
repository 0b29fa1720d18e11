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
import {
  type ReissuedInvitation,
  reissueInvitationLink,
  resendInvitation,
} from "@/lib/services/invitations/reissue-invitation";
import { revokeInvitation } from "@/lib/services/invitations/revoke-invitation";
import { dashboardLink } from "@/lib/services/mail/links";
import { rememberOrganization } from "@/lib/session/current-organization";
import {
  acceptInvitationSchema,
  createInvitationSchema,
  invitationLinkSchema,
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
  /** What became of its email; "not_asked" for Copy link, which emails nothing. */
  emailed: InvitationEmailOutcome | "not_asked";
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

/** Emails a (re)issued invitation's link, as the first email was sent. */
function emailInvitation(reissued: ReissuedInvitation, url: string) {
  const { invitation } = reissued;
  return sendInvitationEmail({
    to: invitation.email,
    organizationName: invitation.organizationName,
    requireTwoFactor: invitation.requireTwoFactor,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    invitedBy: invitation.invitedBy,
    url,
  });
}

/**
 * Copy link on a pending invitation (owners): a new link to copy, shown once; the link sent
 * before stops working (only codes' hashes are stored, so it cannot be shown again). A new
 * bearer link, like an invitation: asks "Confirm it's you" like creating one.
 */
export const reissueInvitationLinkAction = defineAction(
  {
    name: "invitations.reissueLink",
    schema: invitationLinkSchema,
    permission: "members:manage",
    sudo: true,
    failureMessage: "No new link was made. Please try again.",
  },
  async ({ input, ctx }) => {
    const reissued = await reissueInvitationLink(ctx, input);
    revalidatePath(MEMBERS_PATH);
    const data: CreatedInvitationLink = {
      url: dashboardLink(reissued.inviteUrlPath),
      email: reissued.invitation.email,
      expiresAt: reissued.invitation.expiresAt.toISOString(),
      emailed: "not_asked",
    };
    return { data };
  },
);

/** What Resend answers: emailed, or the link to copy when the email could not be sent. */
export type ResentInvitation =
  | { emailed: "sent"; email: string; expiresAt: string }
  | ({ emailed: "failed" } & CreatedInvitationLink);

/**
 * Resend on a pending invitation (owners): emails a new link (the old one stops working),
 * within the daily invitation limits. Should the email fail, the new link comes back to be
 * copied, since the old one no longer works.
 */
export const resendInvitationAction = defineAction(
  {
    name: "invitations.resend",
    schema: invitationLinkSchema,
    permission: "members:manage",
    sudo: true,
    failureMessage: "The invitation was not resent. Please try again.",
  },
  async ({ input, ctx }) => {
    const reissued = await resendInvitation(ctx, input);
    const url = dashboardLink(reissued.inviteUrlPath);
    const outcome = await emailInvitation(reissued, url);
    revalidatePath(MEMBERS_PATH);
    const { email } = reissued.invitation;
    const expiresAt = reissued.invitation.expiresAt.toISOString();
    const data: ResentInvitation =
      outcome === "sent"
        ? { emailed: "sent", email, expiresAt }
        : { emailed: "failed", url, email, expiresAt };
    return {
      data,
      message: outcome === "sent" ? `A new invitation link was emailed to ${email}.` : undefined,
    };
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
