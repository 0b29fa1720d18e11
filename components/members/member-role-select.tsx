"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { toast } from "@/components/ui/toast";
import { changeMemberRoleAction } from "@/lib/actions/members";
import type { Role } from "@/lib/generated/prisma/enums";
import { ROLE_LABELS, ROLES } from "@/lib/permissions";
import { MEMBER_ROLE_CHANGE_FAILED_MESSAGE, memberRoleSchema } from "@/lib/validations/members";
import { type MemberView, memberDisplayName } from "./member-view";

/**
 * A member's role as a select an owner changes in place. The choice is saved at once; the
 * result is announced (a toast on success, an alert under the select on failure, which puts
 * the select back on the member's role). Disabled, with the reason linked as its description,
 * when the change is not allowed (the last owner).
 */
export function MemberRoleSelect({
  member,
  disabledReasonId,
}: {
  member: MemberView;
  /** The id of the visible text saying why the role cannot change; absent when it can. */
  disabledReasonId?: string;
}) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Role>(member.role);
  // The role saved on the server, once the page is refreshed, replaces the choice (adjusted
  // while rendering rather than by remounting, so the select keeps the keyboard's focus).
  const [savedRole, setSavedRole] = useState<Role>(member.role);
  if (member.role !== savedRole) {
    setSavedRole(member.role);
    setChosen(member.role);
  }
  const form = useActionForm(changeMemberRoleAction, {
    failureMessage: MEMBER_ROLE_CHANGE_FAILED_MESSAGE,
    onSuccess: (result) => {
      toast({ variant: "success", title: "Role changed", description: result.message });
      router.refresh();
    },
  });
  const errorId = `member-role-error-${member.userId}`;
  // A refused change leaves the member's role as it was, and the select shows it.
  const shown = form.formError ? member.role : chosen;

  function choose(value: string) {
    const parsed = memberRoleSchema.safeParse(value);
    if (!parsed.success || form.isPending) return;
    setChosen(parsed.data);
    if (parsed.data !== member.role) form.submit({ userId: member.userId, role: parsed.data });
  }

  return (
    <div className="grid gap-1">
      <Select value={shown} onValueChange={choose} disabled={Boolean(disabledReasonId)}>
        <SelectTrigger
          size="sm"
          className="w-32"
          aria-label={`Role of ${memberDisplayName(member)}`}
          aria-describedby={
            [disabledReasonId, form.formError ? errorId : null].filter(Boolean).join(" ") ||
            undefined
          }
          aria-busy={form.isPending || undefined}
          data-member-role={member.userId}
        >
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {ROLES.map((role) => (
            <SelectItem key={role} value={role}>
              {ROLE_LABELS[role]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <StatusMessage variant="error" id={errorId} className="max-w-64 text-xs">
        {form.formError ?? ""}
      </StatusMessage>
    </div>
  );
}
