"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useMemo } from "react";
import { DateWithTitle } from "@/components/time/relative-time";
import { Badge } from "@/components/ui/badge";
import { DataTable, useDataTable } from "@/components/ui/data-table";
import { ROLE_LABELS } from "@/lib/permissions";
import type { MemberSummary } from "@/lib/services/members";

import { MemberRoleSelect } from "./member-role-select";
import { memberDisplayName } from "./member-view";
import { RemoveMemberButton } from "./remove-member-dialog";

const LAST_OWNER_REASON =
  "The only owner can't be demoted or removed: make someone else an owner first.";

interface MemberColumnOptions {
  currentUserId: string;
  canManage: boolean;
  organizationName: string;
  /** Whether the organization has a single owner (who then can't be demoted or removed). */
  singleOwner: boolean;
}

/** The id of the sentence saying why the only owner's controls are disabled. */
function lastOwnerReasonId(member: MemberSummary, singleOwner: boolean): string | undefined {
  return singleOwner && member.role === "OWNER" ? `last-owner-reason-${member.userId}` : undefined;
}

function memberColumns({
  currentUserId,
  canManage,
  organizationName,
  singleOwner,
}: MemberColumnOptions): ColumnDef<MemberSummary>[] {
  return [
    {
      id: "member",
      header: "Member",
      meta: { slot: "title", cellClassName: "min-w-48" },
      cell: ({ row: { original: member } }) => (
        <div>
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span className="font-medium">{memberDisplayName(member)}</span>
            {member.userId === currentUserId ? <Badge variant="brand">You</Badge> : null}
          </div>
          {member.name ? (
            <div className="break-all text-muted-foreground text-xs">{member.email}</div>
          ) : null}
        </div>
      ),
    },
    {
      id: "role",
      header: "Role",
      cell: ({ row: { original: member } }) =>
        canManage ? (
          <MemberRoleSelect
            member={member}
            isSelf={member.userId === currentUserId}
            disabledReasonId={lastOwnerReasonId(member, singleOwner)}
          />
        ) : (
          <Badge variant={member.role === "MEMBER" ? "muted" : "secondary"}>
            {ROLE_LABELS[member.role]}
          </Badge>
        ),
    },
    {
      id: "joined",
      header: "Joined",
      meta: { cellClassName: "whitespace-nowrap" },
      cell: ({ row }) => <DateWithTitle date={row.original.joinedAt} />,
    },
    {
      id: "tokens",
      header: "Tokens created",
      meta: { headerClassName: "text-right", cellClassName: "text-right tabular-nums" },
      cell: ({ row }) => row.original.workingTokenCount,
    },
    {
      id: "twoFactor",
      header: "Two-factor",
      cell: ({ row }) => (
        <Badge variant={row.original.twoFactor ? "success" : "muted"}>
          {row.original.twoFactor ? "On" : "Off"}
        </Badge>
      ),
    },
    ...(canManage
      ? [
          {
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            // The button names the member; below it, the reason it may be disabled.
            // A minimum width, so a narrow table does not squeeze the reason into a word a line.
            meta: { label: false, cellClassName: "md:min-w-48 md:max-w-64" },
            cell: ({ row: { original: member } }) => {
              const reasonId = lastOwnerReasonId(member, singleOwner);
              return (
                <div className="flex flex-col items-start gap-1.5 md:items-end">
                  <RemoveMemberButton
                    member={member}
                    organizationName={organizationName}
                    isSelf={member.userId === currentUserId}
                    disabledReasonId={reasonId}
                  />
                  {reasonId ? (
                    <p id={reasonId} className="text-muted-foreground text-xs md:text-right">
                      {LAST_OWNER_REASON}
                    </p>
                  ) : null}
                </div>
              );
            },
          } satisfies ColumnDef<MemberSummary>,
        ]
      : []),
  ];
}

/**
 * Everyone in the organization: name and email, role, when they joined and how many working
 * tokens they created. Owners (`canManage`) change roles and remove members from each row;
 * the only owner's controls are disabled with the reason beside them. A <DataTable>, so
 * below 48rem each row stacks into a record and a phone never scrolls sideways.
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
  const singleOwner = members.filter((member) => member.role === "OWNER").length === 1;
  const columns = useMemo(
    () => memberColumns({ currentUserId, canManage, organizationName, singleOwner }),
    [currentUserId, canManage, organizationName, singleOwner],
  );
  const table = useDataTable({
    data: members,
    columns,
    getRowId: (member) => member.userId,
    enableSorting: false,
  });

  return (
    <DataTable
      table={table}
      label="Members"
      rowAttributes={(row) => ({ "data-member": row.original.email })}
    />
  );
}
