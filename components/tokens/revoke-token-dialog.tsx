"use client";

import { useRouter } from "next/navigation";
import type * as React from "react";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
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
import { LoaderIcon } from "@/components/ui/icons";
import { toast } from "@/components/ui/toast";
import { revokeTokenAction } from "@/lib/actions/tokens";
import { TOKEN_REVOKE_FAILED_MESSAGE } from "@/lib/validations/token";

export interface RevokableToken {
  id: string;
  name: string;
  lastFour: string;
}

interface RevokeTokenDialogProps {
  token: RevokableToken | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The element that opens the dialog, when it has one (the details page's button). */
  trigger?: React.ReactNode;
  onCloseAutoFocus?: (event: Event) => void;
  /** Called once the server has revoked the token, just before the dialog closes. */
  onRevoked?: (token: RevokableToken) => void;
}

/**
 * Confirms a revocation, naming the token and saying what happens: integrations using it
 * fail from the next request and nothing can undo it. The dialog stays open (and cannot be
 * dismissed) while the revocation is in flight, and shows the server's error if it fails.
 */
export function RevokeTokenDialog({
  token,
  open,
  onOpenChange,
  trigger,
  onCloseAutoFocus,
  onRevoked,
}: RevokeTokenDialogProps) {
  const router = useRouter();
  const form = useActionForm(revokeTokenAction, {
    failureMessage: TOKEN_REVOKE_FAILED_MESSAGE,
    onSuccess: () => {
      if (token) onRevoked?.(token);
      onOpenChange(false);
      toast({
        variant: "success",
        title: "Token revoked",
        description: `“${token?.name}” can no longer be used.`,
      });
      router.refresh();
    },
  });
  const { isPending, formError: error } = form;

  function handleOpenChange(next: boolean) {
    if (isPending) return;
    if (!next) form.reset();
    onOpenChange(next);
  }

  function revoke() {
    if (!token || isPending) return;
    form.submit({ tokenId: token.id });
  }

  return (
    <AlertDialog open={open} onOpenChange={handleOpenChange}>
      {trigger ? <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger> : null}
      <AlertDialogContent onCloseAutoFocus={onCloseAutoFocus}>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke &ldquo;{token?.name}&rdquo;?</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div className="grid gap-2">
              <p>
                Integrations using this token{" "}
                <code className="font-mono text-foreground">…{token?.lastFour}</code> will stop
                working immediately: every request made with it is rejected from now on.
              </p>
              <p className="font-medium text-foreground">
                This cannot be undone. A revoked token cannot be restored; its usage history stays
                available.
              </p>
            </div>
          </AlertDialogDescription>
        </AlertDialogHeader>

        <RevokeConfirmFooter
          error={error}
          isPending={isPending}
          onConfirm={revoke}
          label="Revoke token"
        />
      </AlertDialogContent>
    </AlertDialog>
  );
}

/**
 * A revocation dialog's server error and buttons. The confirmation is a plain button, not
 * AlertDialogAction, so the dialog stays open until the server answers.
 */
export function RevokeConfirmFooter({
  error,
  isPending,
  onConfirm,
  label,
}: {
  error: string | null;
  isPending: boolean;
  onConfirm: () => void;
  label: string;
}) {
  return (
    <>
      <FormError message={error} />
      <AlertDialogFooter>
        <AlertDialogCancel disabled={isPending}>Cancel</AlertDialogCancel>
        <Button variant="destructive" onClick={onConfirm} aria-disabled={isPending || undefined}>
          {isPending ? <LoaderIcon /> : null}
          {isPending ? "Revoking…" : label}
        </Button>
      </AlertDialogFooter>
    </>
  );
}

/** The details page's Revoke button with its confirmation. */
export function RevokeTokenButton({ token }: { token: RevokableToken }) {
  const [open, setOpen] = useState(false);
  return (
    <RevokeTokenDialog
      token={token}
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button
          variant="outline"
          className="border-destructive/40 text-destructive hover:bg-destructive/10 hover:text-destructive"
        >
          Revoke
        </Button>
      }
    />
  );
}
