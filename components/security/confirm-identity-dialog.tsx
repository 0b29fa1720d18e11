"use client";

import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { confirmIdentityAction } from "@/lib/actions/sessions";

const FIELDS = ["password"] as const;

/**
 * "Confirm it's you": asked before a sensitive action when the person has not signed in or
 * confirmed in the last 15 minutes. Password for now; an authentication code and a passkey
 * become alternatives here (a "Use an authentication code" / "Use a passkey" choice sending
 * `method` with `code` or `response`), answered by the same action.
 */
export function ConfirmIdentityDialog({
  open,
  onConfirmed,
  onDismiss,
}: {
  open: boolean;
  onConfirmed: () => void;
  onDismiss: () => void;
}) {
  const form = useActionForm(confirmIdentityAction, { fields: FIELDS, onSuccess: onConfirmed });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next && !form.isPending) onDismiss();
      }}
    >
      <DialogContent
        className="max-w-md"
        // A fresh dialog each time: no error from the last attempt.
        onOpenAutoFocus={() => form.reset()}
      >
        <DialogHeader>
          <DialogTitle>Confirm it's you</DialogTitle>
          <DialogDescription>
            This action changes who can reach your organization or its API. Enter your password to
            continue; you will not be asked again for 15 minutes.
          </DialogDescription>
        </DialogHeader>
        <form {...form.formProps} className="grid gap-4">
          <input type="hidden" name="method" value="password" />
          <FormError message={form.formError} />
          <FormField label="Password" error={form.fieldErrors.password}>
            <Input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              autoFocus
            />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <PendingButton type="submit" pending={form.isPending} pendingLabel="Confirming…">
              Confirm
            </PendingButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
