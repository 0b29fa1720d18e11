"use client";

import { useRouter } from "next/navigation";
import { useActionForm } from "@/components/forms/use-action-form";
import { type RevokableToken, RevokeConfirmFooter } from "@/components/tokens/revoke-token-dialog";
import {
  AlertDialog,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { revokeTokensAction } from "@/lib/actions/tokens";
import type { BulkRevokeResult } from "@/lib/services/tokens/revoke-tokens";
import { TOKENS_REVOKE_FAILED_MESSAGE } from "@/lib/validations/token";

export function tokensLabel(count: number): string {
  return `${count} ${count === 1 ? "token" : "tokens"}`;
}

/**
 * Confirms revoking the selected tokens, naming every one (the list scrolls when long).
 * Like the single revocation, it stays open while the server works and shows its error if
 * the request fails as a whole; per-token outcomes go to `onDone`, for the page to report.
 */
export function BulkRevokeDialog({
  tokens,
  open,
  onOpenChange,
  onDone,
  onCloseAutoFocus,
}: {
  tokens: RevokableToken[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDone: (results: BulkRevokeResult[]) => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  const router = useRouter();
  const form = useActionForm(revokeTokensAction, {
    failureMessage: TOKENS_REVOKE_FAILED_MESSAGE,
    onSuccess: ({ data }) => {
      onDone(data);
      onOpenChange(false);
      router.refresh();
    },
  });
  const { isPending, formError } = form;
  const label = tokensLabel(tokens.length);

  function handleOpenChange(next: boolean) {
    if (isPending) return;
    if (!next) form.reset();
    onOpenChange(next);
  }

  function revoke() {
    if (isPending || tokens.length === 0) return;
    form.submit({ tokenIds: tokens.map((token) => token.id) });
  }

  return (
    <AlertDialog open={open} onOpenChange={handleOpenChange}>
      <AlertDialogContent onCloseAutoFocus={onCloseAutoFocus}>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke {label}?</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div className="grid gap-2">
              <p>
                Integrations using {tokens.length === 1 ? "this token" : "these tokens"} will stop
                working immediately: every request made with{" "}
                {tokens.length === 1 ? "it" : "any of them"} is rejected from now on.
              </p>
              <p className="font-medium text-foreground">
                This cannot be undone. Revoked tokens cannot be restored; their usage history stays
                available.
              </p>
            </div>
          </AlertDialogDescription>
        </AlertDialogHeader>

        {/* Focusable, so the list can be scrolled with the keyboard. */}
        <ul
          aria-label={`Tokens to revoke (${label})`}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
          tabIndex={0}
          className="grid max-h-56 gap-1 overflow-y-auto rounded-md border bg-muted/40 p-2 text-sm focus-visible:outline-2 focus-visible:outline-ring"
        >
          {tokens.map((token) => (
            <li key={token.id} className="flex items-baseline justify-between gap-3">
              <span className="min-w-0 break-words font-medium">{token.name}</span>
              <code className="shrink-0 font-mono text-muted-foreground text-xs">
                …{token.lastFour}
              </code>
            </li>
          ))}
        </ul>

        <RevokeConfirmFooter
          error={formError}
          isPending={isPending}
          onConfirm={revoke}
          label={`Revoke ${label}`}
        />
      </AlertDialogContent>
    </AlertDialog>
  );
}
