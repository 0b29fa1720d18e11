"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/form-field";
import { RadioGroup, RadioOption } from "@/components/ui/radio-group";
import { toast } from "@/components/ui/toast";
import { removeMemberAction } from "@/lib/actions/members";
import { countOf } from "@/lib/plural";
import { MEMBER_REMOVE_FAILED_MESSAGE } from "@/lib/validations/members";
import { type MemberView, memberDisplayName } from "./member-view";

const CHOICE_FIELD = "revokeTokens";
const CHOOSE_MESSAGE = "Choose whether to revoke their tokens or keep them working.";

/**
 * The Remove button of a member's row and its confirmation. When the member created working
 * tokens, the dialog says how many and asks whether to revoke them too (no answer is chosen
 * for the owner); when they created none it says so and asks nothing. The dialog stays open
 * while the removal runs and shows the server's refusal (the last owner) if there is one.
 */
export function RemoveMemberButton({
  member,
  organizationName,
  isSelf,
  disabledReasonId,
}: {
  member: MemberView;
  organizationName: string;
  /** The signed-in owner's own row: removing means leaving the organization. */
  isSelf: boolean;
  /** The id of the visible text saying why the member cannot be removed; absent when they can. */
  disabledReasonId?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<"true" | "false" | "">("");
  const form = useActionForm(removeMemberAction, {
    fields: [CHOICE_FIELD],
    failureMessage: MEMBER_REMOVE_FAILED_MESSAGE,
    onSuccess: (result) => {
      setOpen(false);
      toast({
        variant: "success",
        title: isSelf ? "You left" : "Member removed",
        description: result.message,
      });
      // Whoever left their own organization has nothing more to see here.
      if (result.data.removedSelf) router.push("/");
      router.refresh();
    },
  });
  const name = memberDisplayName(member);
  const tokens = member.workingTokenCount;
  const choiceError = form.fieldErrors[CHOICE_FIELD]?.[0];
  const them = tokens === 1 ? "it" : "them";

  function handleOpenChange(next: boolean) {
    if (form.isPending) return;
    if (next) {
      setChoice("");
      form.reset();
    }
    setOpen(next);
  }

  function remove() {
    if (form.isPending) return;
    if (tokens > 0 && !choice) {
      form.setFieldErrors({ [CHOICE_FIELD]: [CHOOSE_MESSAGE] });
      document.getElementById(`remove-${member.userId}-revoke`)?.focus();
      return;
    }
    form.submit({ userId: member.userId, [CHOICE_FIELD]: tokens > 0 ? choice : "false" });
  }

  return (
    <AlertDialog open={open} onOpenChange={handleOpenChange}>
      <AlertDialogTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          disabled={Boolean(disabledReasonId)}
          aria-describedby={disabledReasonId}
          aria-label={isSelf ? "Leave the organization" : `Remove ${name}`}
          className="border-destructive/40 text-destructive hover:bg-destructive/10 hover:text-destructive"
        >
          {isSelf ? "Leave" : "Remove"}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>
            {isSelf ? `Leave ${organizationName}?` : `Remove ${name} from ${organizationName}?`}
          </AlertDialogTitle>
          <AlertDialogDescription>
            {isSelf
              ? "You lose access to this organization at once. An owner can invite you again."
              : `${name} (${member.email}) loses access to this organization at once. An owner can invite them again.`}
          </AlertDialogDescription>
        </AlertDialogHeader>

        {tokens > 0 ? (
          <fieldset className="grid gap-2">
            <legend id={`remove-${member.userId}-tokens`} className="mb-1.5 font-medium text-sm">
              {isSelf ? "You" : name} created {countOf(tokens, "working token")}. Revoke {them} too?
            </legend>
            <RadioGroup
              name={CHOICE_FIELD}
              value={choice}
              onValueChange={(value) => setChoice(value === "true" ? "true" : "false")}
              aria-labelledby={`remove-${member.userId}-tokens`}
              aria-invalid={choiceError ? true : undefined}
              aria-describedby={choiceError ? `remove-${member.userId}-choice-error` : undefined}
            >
              <RadioOption
                id={`remove-${member.userId}-revoke`}
                value="true"
                label={tokens === 1 ? "Revoke the token" : `Revoke the ${tokens} tokens`}
                description={`Integrations using ${them} stop working at once. This cannot be undone.`}
              />
              <RadioOption
                id={`remove-${member.userId}-keep`}
                value="false"
                label={`Keep ${them} working`}
                description={`${tokens === 1 ? "It stays" : "They stay"} in the organization's token list; owners and admins can revoke ${them} later.`}
              />
            </RadioGroup>
            {choiceError ? (
              <FieldError id={`remove-${member.userId}-choice-error`}>{choiceError}</FieldError>
            ) : null}
          </fieldset>
        ) : (
          <p className="text-muted-foreground text-sm">
            {isSelf ? "You" : name} created no working tokens in this organization: there is nothing
            to revoke.
          </p>
        )}

        <FormError message={form.formError} />
        <AlertDialogFooter>
          <AlertDialogCancel disabled={form.isPending}>Cancel</AlertDialogCancel>
          <PendingButton
            variant="destructive"
            onClick={remove}
            pending={form.isPending}
            pendingLabel="Removing…"
          >
            {isSelf ? "Leave organization" : "Remove member"}
          </PendingButton>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
