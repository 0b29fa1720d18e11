import type { Metadata } from "next";
import Link from "next/link";
import type * as React from "react";
import { JoinOrganizationForm } from "@/components/invitations/join-organization-form";
import { DateTime } from "@/components/time/relative-time";
import { Button } from "@/components/ui/button";
import { signOutAction } from "@/lib/actions/auth";
import { roleWithArticle } from "@/lib/permissions";
import { describeInvitation, isMemberOf } from "@/lib/services/invitations/describe-invitation";
import { inviterName } from "@/lib/services/invitations/invitation-email";
import { getSignedInUser } from "@/lib/session/session";
import { INVITATION_ROLES, INVITATION_VALID_DAYS } from "@/lib/validations/invitations";

// The link's code is a secret: the page is never indexed, and never cached between visitors.
export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

/** The page's frame: a heading, what it means, and what to do next. */
function InvitationCard({
  title,
  children,
}: {
  title: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="grid gap-6">
      <h1 className="font-semibold text-2xl tracking-tight">{title}</h1>
      <div className="grid gap-4 rounded-xl border bg-card p-6 text-sm shadow-xs">{children}</div>
    </div>
  );
}

const UNUSABLE = {
  unknown: {
    title: "This invitation link is not valid",
    text: () =>
      "Check that you opened the whole link from the message you received, or ask the person who invited you for a new one.",
  },
  expired: {
    title: "This invitation has expired",
    text: (organization: string) =>
      `Invitations are valid for ${INVITATION_VALID_DAYS} days. Ask an owner of ${organization} to invite you again.`,
  },
  revoked: {
    title: "This invitation was revoked",
    text: (organization: string) =>
      `An owner of ${organization} withdrew it. Ask them to invite you again if you should still join.`,
  },
  accepted: {
    title: "This invitation has already been used",
    text: (organization: string) =>
      `Each invitation link works once. If you accepted it, sign in to open ${organization}.`,
  },
} as const;

export default async function InvitePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const invitation = await describeInvitation(code);

  if (invitation.status !== "valid") {
    const state = UNUSABLE[invitation.status];
    return (
      <InvitationCard title={state.title}>
        <p className="text-muted-foreground">
          {state.text(invitation.status === "unknown" ? "" : invitation.organizationName)}
        </p>
        <Button asChild variant="outline" className="w-full">
          <Link href="/login">Go to sign in</Link>
        </Button>
      </InvitationCard>
    );
  }

  const invitePath = `/invite/${code}`;
  const user = (await getSignedInUser())?.user;
  const role = INVITATION_ROLES.find((option) => option.value === invitation.role);
  const inviter = invitation.invitedBy ? inviterName(invitation.invitedBy) : "Someone";
  const title = (
    <>
      {inviter} invited you to join {invitation.organizationName} as{" "}
      {roleWithArticle(invitation.role)}
    </>
  );

  return (
    <InvitationCard title={title}>
      <div className="grid gap-1">
        {role ? <p>{role.description}</p> : null}
        <p className="text-muted-foreground">
          For <span className="break-words font-medium text-foreground">{invitation.email}</span>,
          valid until <DateTime date={invitation.expiresAt} />.
        </p>
        {invitation.requireTwoFactor ? (
          <p>
            {invitation.organizationName} requires two-factor authentication: after joining, you set
            up an authenticator app before anything else.
          </p>
        ) : null}
      </div>
      {!user ? (
        <div className="grid gap-2">
          <Button asChild className="w-full">
            <Link href={`/login?callbackUrl=${encodeURIComponent(invitePath)}`}>
              Sign in to accept
            </Link>
          </Button>
          <Button asChild variant="outline" className="w-full">
            <Link href={`/signup?invite=${encodeURIComponent(code)}`}>Create an account</Link>
          </Button>
        </div>
      ) : user.email !== invitation.email ? (
        <div className="grid gap-3">
          <p role="status">
            This invitation is for{" "}
            <span className="break-words font-medium">{invitation.email}</span>, but you are signed
            in as <span className="break-words font-medium">{user.email}</span>. Sign out, then sign
            in or create an account with the invited address.
          </p>
          <form action={signOutAction}>
            <input type="hidden" name="callbackUrl" value={invitePath} />
            <Button type="submit" variant="outline" className="w-full">
              Sign out
            </Button>
          </form>
        </div>
      ) : (await isMemberOf(invitation.organizationId, user.id)) ? (
        <div className="grid gap-3">
          <p role="status">You are already a member of {invitation.organizationName}.</p>
          <Button asChild variant="outline" className="w-full">
            <Link href="/">Go to the dashboard</Link>
          </Button>
        </div>
      ) : (
        <JoinOrganizationForm code={code} organizationName={invitation.organizationName} />
      )}
    </InvitationCard>
  );
}
