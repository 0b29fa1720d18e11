"use client";

import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import type { Role } from "@/lib/generated/prisma/enums";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, roleWithArticle } from "@/lib/permissions";

/**
 * Whether changing `from` to `to` takes an owner's rights away: the viewer's own (only
 * owners change roles, so any change of one's own role is that) or another owner's. Such a
 * change is confirmed first; any other applies at once, with Undo.
 */
export function roleChangeNeedsConfirmation(from: Role, to: Role): boolean {
  return from === "OWNER" && to !== "OWNER";
}

/** "Change your own role to Admin?" / "Make Bob an Admin?", with what the new role may do. */
export function RoleChangeConfirm({
  change,
  onConfirm,
  onCancel,
}: {
  /** The change awaiting confirmation, or null (the dialog is closed). */
  change: { name: string; isSelf: boolean; from: Role; to: Role } | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const to = change ? ROLE_LABELS[change.to] : "";
  const described = change ? ROLE_DESCRIPTIONS[change.to].replace(/\.$/, "") : "";
  // "Manage API tokens…" → "manage API tokens…": within a sentence.
  const can = `${described.charAt(0).toLowerCase()}${described.slice(1)}`;
  return (
    <AlertDialog
      open={change !== null}
      onOpenChange={(open) => {
        if (!open) onCancel();
      }}
    >
      <AlertDialogContent>
        {change ? (
          <>
            <AlertDialogHeader>
              <AlertDialogTitle>
                {change.isSelf
                  ? `Change your own role to ${to}?`
                  : `Make ${change.name} ${roleWithArticle(change.to)}?`}
              </AlertDialogTitle>
              <AlertDialogDescription>
                {change.isSelf
                  ? `You will no longer be an owner of this organization. As ${roleWithArticle(change.to)} you can ${can}. Only another owner can make you an owner again.`
                  : `${change.name} will no longer be an owner. As ${roleWithArticle(change.to)} they can ${can}.`}
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel autoFocus>Cancel</AlertDialogCancel>
              <AlertDialogAction variant="destructive" onClick={onConfirm}>
                {change.isSelf ? `Become ${roleWithArticle(change.to)}` : `Make ${to}`}
              </AlertDialogAction>
            </AlertDialogFooter>
          </>
        ) : null}
      </AlertDialogContent>
    </AlertDialog>
  );
}
