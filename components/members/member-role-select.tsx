"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useRequestConfirmation } from "@/components/forms/sudo-context";
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
import { RoleChangeConfirm, roleChangeNeedsConfirmation } from "./role-change-confirm";

/** How long the toast offering Undo stays (it stays while hovered or focused). */
const UNDO_TOAST_MS = 15_000;

/**
 * A member's role as a select an owner changes in place. A change that takes an owner's
 * rights away (your own role, or another owner's) is confirmed in a dialog first; any other
 * is saved at once and announced with Undo, which sends the previous role through the same
 * action (authorized, audited, "Confirm it's you" when due). A failure shows as an alert
 * under the select, which goes back to the member's role. Disabled, with the reason linked
 * as its description, when the change is not allowed (the last owner).
 */
export function MemberRoleSelect({
  member,
  isSelf = false,
  disabledReasonId,
}: {
  member: MemberView;
  /** The signed-in owner's own row. */
  isSelf?: boolean;
  /** The id of the visible text saying why the role cannot change; absent when it can. */
  disabledReasonId?: string;
}) {
  const router = useRouter();
  const requestConfirmation = useRequestConfirmation();
  const [chosen, setChosen] = useState<Role>(member.role);
  const [awaiting, setAwaiting] = useState<Role | null>(null);
  // The role saved on the server, once the page is refreshed, replaces the choice (adjusted
  // while rendering rather than by remounting, so the select keeps the keyboard's focus).
  const [savedRole, setSavedRole] = useState<Role>(member.role);
  if (member.role !== savedRole) {
    setSavedRole(member.role);
    setChosen(member.role);
  }
  // The role before the change being saved: what Undo puts back.
  const previous = useRef<Role>(member.role);
  const name = memberDisplayName(member);
  const form = useActionForm(changeMemberRoleAction, {
    failureMessage: MEMBER_ROLE_CHANGE_FAILED_MESSAGE,
    onSuccess: (result) => {
      const from = previous.current;
      const undoable = result.data.changed && !roleChangeNeedsConfirmation(from, result.data.role);
      toast({
        variant: "success",
        title: "Role changed",
        description: result.message,
        ...(undoable && {
          duration: UNDO_TOAST_MS,
          action: {
            label: "Undo",
            altText: `Choose ${ROLE_LABELS[from]} again in the role of ${name}.`,
            onClick: () => void undo(from),
          },
        }),
      });
      router.refresh();
    },
  });
  const errorId = `member-role-error-${member.userId}`;
  // A refused change leaves the member's role as it was, and the select shows it.
  const shown = form.formError ? member.role : chosen;

  function save(role: Role) {
    previous.current = member.role;
    setChosen(role);
    form.submit({ userId: member.userId, role });
  }

  function choose(value: string) {
    const parsed = memberRoleSchema.safeParse(value);
    if (!parsed.success || form.isPending || parsed.data === member.role) return;
    const role = parsed.data;
    // Opened once the select has closed and handed focus back to its trigger: the dialog
    // then takes focus, and returns it there.
    if (roleChangeNeedsConfirmation(member.role, role))
      window.setTimeout(() => setAwaiting(role), 0);
    else save(role);
  }

  /** Undo from the toast: the same action with the previous role (this row may be gone). */
  async function undo(role: Role) {
    const input = { userId: member.userId, role };
    let answer = await changeMemberRoleAction(input).catch(() => null);
    if (answer && !answer.ok && answer.code === "sudo_required" && (await requestConfirmation())) {
      answer = await changeMemberRoleAction(input).catch(() => null);
    }
    if (answer?.ok) {
      toast({ variant: "success", title: "Role change undone", description: answer.message });
    } else {
      toast({
        variant: "error",
        title: "The role was not changed back",
        description: answer?.message ?? MEMBER_ROLE_CHANGE_FAILED_MESSAGE,
      });
    }
    router.refresh();
  }

  return (
    <div className="grid gap-1">
      <Select value={shown} onValueChange={choose} disabled={Boolean(disabledReasonId)}>
        <SelectTrigger
          size="sm"
          className="w-32"
          aria-label={`Role of ${name}`}
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
      <RoleChangeConfirm
        change={awaiting ? { name, isSelf, from: member.role, to: awaiting } : null}
        onConfirm={() => {
          if (awaiting) save(awaiting);
          setAwaiting(null);
        }}
        onCancel={() => setAwaiting(null)}
      />
    </div>
  );
}
