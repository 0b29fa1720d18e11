import { DateWithTitle } from "@/components/time/relative-time";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { ROLE_LABELS } from "@/lib/permissions";
import type { MemberSummary } from "@/lib/services/members";

import { MemberRoleSelect } from "./member-role-select";
import { memberDisplayName } from "./member-view";
import { RemoveMemberButton } from "./remove-member-dialog";

const LAST_OWNER_REASON =
  "The only owner can't be demoted or removed: make someone else an owner first.";

/**
 * Everyone in the organization: name and email, role, when they joined and how many working
 * tokens they created. Owners (`canManage`) change roles and remove members from each row;
 * the only owner's controls are disabled with the reason beside them. Below 640px each row
 * stacks into a record, so a phone never scrolls sideways.
 */
export function MembersTable({
  members,
  currentUserId,
  canManage,
  organizationName,
}: {
  members: MemberSummary[];
  currentUserId: string;
  canManage: boolean;
  organizationName: string;
}) {
  const ownerCount = members.filter((member) => member.role === "OWNER").length;

  return (
    <Card className="overflow-hidden">
      <Table stacked aria-label="Members">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Member</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Joined</TableHead>
            <TableHead className="text-right">Tokens created</TableHead>
            <TableHead>Two-factor</TableHead>
            {canManage ? (
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.map((member) => {
            const isSelf = member.userId === currentUserId;
            const isLastOwner = member.role === "OWNER" && ownerCount === 1;
            const reasonId = isLastOwner ? `last-owner-reason-${member.userId}` : undefined;
            return (
              <TableRow key={member.userId} data-member={member.email}>
                <TableCell className="min-w-48">
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span className="font-medium">{memberDisplayName(member)}</span>
                    {isSelf ? <Badge variant="brand">You</Badge> : null}
                  </div>
                  {member.name ? (
                    <div className="break-all text-muted-foreground text-xs">{member.email}</div>
                  ) : null}
                </TableCell>
                <TableCell label="Role">
                  {canManage ? (
                    <MemberRoleSelect member={member} disabledReasonId={reasonId} />
                  ) : (
                    <Badge variant={member.role === "MEMBER" ? "muted" : "secondary"}>
                      {ROLE_LABELS[member.role]}
                    </Badge>
                  )}
                </TableCell>
                <TableCell label="Joined" className="whitespace-nowrap">
                  <DateWithTitle date={member.joinedAt} />
                </TableCell>
                <TableCell label="Tokens created" className="text-right tabular-nums">
                  {member.workingTokenCount}
                </TableCell>
                <TableCell label="Two-factor">
                  <Badge variant={member.twoFactor ? "success" : "muted"}>
                    {member.twoFactor ? "On" : "Off"}
                  </Badge>
                </TableCell>
                {canManage ? (
                  <TableCell className="sm:max-w-64">
                    <div className="flex flex-col items-start gap-1.5 sm:items-end">
                      <RemoveMemberButton
                        member={member}
                        organizationName={organizationName}
                        isSelf={isSelf}
                        disabledReasonId={reasonId}
                      />
                      {reasonId ? (
                        <p id={reasonId} className="text-muted-foreground text-xs sm:text-right">
                          {LAST_OWNER_REASON}
                        </p>
                      ) : null}
                    </div>
                  </TableCell>
                ) : null}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Card>
  );
}
