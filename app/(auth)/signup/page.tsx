import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/signup-form";
import { DEFAULT_SIGNED_IN_PATH } from "@/lib/auth/callback-url";
import { describeInvitation } from "@/lib/services/invitations/describe-invitation";
import { getSessionContext, getSignedInUser } from "@/lib/session/session";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { invite } = await searchParams;
  if (typeof invite === "string") {
    // Signing up through an invitation (/signup?invite=<code>): the invite page explains an
    // unusable invitation, and a signed-in user accepts there instead.
    const invitePath = `/invite/${encodeURIComponent(invite)}`;
    const invitation = await describeInvitation(invite);
    if (invitation.status !== "valid" || (await getSignedInUser())) redirect(invitePath);
    return (
      <SignUpForm
        invitation={{
          code: invite,
          email: invitation.email,
          organizationName: invitation.organizationName,
        }}
      />
    );
  }
  if (await getSessionContext()) redirect(DEFAULT_SIGNED_IN_PATH);
  return <SignUpForm />;
}
