import type * as React from "react";
import {
  CopyInvitationLinkButton,
  ResendInvitationButton,
} from "@/components/invitations/new-link-buttons";
import {
  PENDING_INVITATIONS_HEADING_ID,
  RevokeInvitationButton,
} from "@/components/invitations/revoke-invitation-button";
import { DateWithTitle } from "@/components/time/relative-time";
import { Badge } from "@/components/ui/badge";
import { ROLE_LABELS } from "@/lib/permissions";
import type { PendingInvitation } from "@/lib/services/invitations/list-invitations";

/**
 * The Members page's "Pending invitations": who was invited, with which role, by whom and
 * until when, each with Copy link, Resend (when email is on) and Revoke for those who
 * manage members. A list rather than a table, so a row wraps instead of scrolling sideways
 * on a phone.
 */
export function PendingInvitations({
  invitations,
  canManage,
  canEmail,
}: {
  /** What the page read for the signed-in member (members:read). */
  invitations: PendingInvitation[];
  canManage: boolean;
  /** Invitations can be emailed (SMTP_URL, or the log in development): Resend is offered. */
  canEmail: boolean;
}): React.ReactNode {
  return (
    <section aria-labelledby={PENDING_INVITATIONS_HEADING_ID} className="grid gap-3">
      <h2
        id={PENDING_INVITATIONS_HEADING_ID}
        tabIndex={-1}
        className="font-semibold text-base tracking-tight outline-none"
      >
        Pending invitations
      </h2>
      {invitations.length === 0 ? (
        <p className="text-muted-foreground text-sm">No pending invitations.</p>
      ) : (
        <ul className="divide-y rounded-xl border bg-card shadow-xs">
          {invitations.map((invitation) => (
            <li
              key={invitation.id}
              className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3"
            >
              <div className="grid min-w-0 gap-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="break-words font-medium text-sm">{invitation.email}</span>
                  <Badge variant="muted">{ROLE_LABELS[invitation.role]}</Badge>
                </p>
                <p className="text-muted-foreground text-xs">
                  Invited by{" "}
                  {invitation.invitedBy
                    ? invitation.invitedBy.name || invitation.invitedBy.email
                    : "a former member"}
                  {" · "}
                  Expires <DateWithTitle date={invitation.expiresAt} />
                </p>
              </div>
              {canManage ? (
                <div className="flex flex-wrap gap-2">
                  <CopyInvitationLinkButton invitation={invitation} />
                  {canEmail ? <ResendInvitationButton invitation={invitation} /> : null}
                  <RevokeInvitationButton invitation={invitation} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
