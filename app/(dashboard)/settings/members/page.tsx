import type { Metadata } from "next";
import { UnverifiedNotice } from "@/components/account/unverified-notice";
import { InviteMemberButton } from "@/components/invitations/invite-member-button";
import { PendingInvitations } from "@/components/invitations/pending-invitations";
import { MembersTable } from "@/components/members/members-table";
import { RolesExplainer } from "@/components/members/roles-explainer";
import { TwoFactorPolicy } from "@/components/members/two-factor-policy";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { memberPrincipal } from "@/lib/auth/principal";
import { forbiddenMessage } from "@/lib/permissions";
import { holds } from "@/lib/services/authorize";
import { invitationEmailConfigured } from "@/lib/services/invitations/invitation-email";
import { listPendingInvitations } from "@/lib/services/invitations/list-invitations";
import { listMembers } from "@/lib/services/members";
import { getTwoFactorPolicy } from "@/lib/services/organizations/two-factor-policy";
import { requireSessionContext } from "@/lib/session/session";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const session = await requireSessionContext();
  const { organization, user } = session;
  const viewer = memberPrincipal(session, null);
  const canManage = holds(viewer, organization.id, "members:manage");
  const members = await listMembers(viewer, organization.id);
  const invitations = await listPendingInvitations(viewer, organization.id);
  const policy = await getTwoFactorPolicy(viewer, organization.id);

  return (
    <div className="grid gap-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h1 className="font-semibold text-2xl tracking-tight">Members</h1>
          <p className="max-w-2xl text-muted-foreground text-sm">
            Everyone in {organization.name} and their role. &ldquo;Tokens created&rdquo; counts the
            API tokens each member created that still work (not revoked or expired), including
            tokens their own tokens created through the API.
          </p>
        </div>
        {canManage && user.emailVerified ? <InviteMemberButton /> : null}
      </header>

      {canManage && !user.emailVerified ? <UnverifiedNotice action="invite members" /> : null}

      {canManage ? null : (
        <Alert variant="info">
          <AlertDescription className="text-foreground">
            {forbiddenMessage("members:manage")}
          </AlertDescription>
        </Alert>
      )}

      <MembersTable
        members={members}
        currentUserId={user.id}
        canManage={canManage}
        organizationName={organization.name}
      />

      <PendingInvitations
        invitations={invitations}
        canManage={canManage}
        canEmail={invitationEmailConfigured()}
      />

      <TwoFactorPolicy
        required={policy.requireTwoFactor}
        canManage={holds(viewer, organization.id, "security:manage")}
        membersWithout={members.filter((member) => !member.twoFactor).length}
      />

      <RolesExplainer />
    </div>
  );
}
