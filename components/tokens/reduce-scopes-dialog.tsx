"use client";

import { useState } from "react";
import { EditTokenForm } from "@/components/tokens/edit-token-form";
import type { TokenFormField } from "@/components/tokens/token-form-fields";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import type { TokenLifetimePolicy } from "@/lib/auth/token-lifetime-policy";
import type { TokenFormValues } from "@/lib/validations/token-form";

/**
 * "Reduce to what it used": the token's edit form, opened with only its used scopes
 * selected. Saving is the ordinary edit (the same action, checks and audit event).
 */
export function ReduceScopesButton({
  tokenId,
  current,
  proposed,
  removed,
  readOnlyFields,
  lifetimePolicy,
}: {
  tokenId: string;
  current: TokenFormValues;
  proposed: TokenFormValues;
  removed: readonly string[];
  readOnlyFields?: Partial<Record<TokenFormField, string>>;
  lifetimePolicy: TokenLifetimePolicy;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          Reduce to what it used
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Reduce to what it used</DialogTitle>
          <DialogDescription>
            Only the scopes this token used in the last 90 days are selected;{" "}
            {removed.map((scope, index) => (
              <span key={scope}>
                {index > 0 ? ", " : ""}
                <code className="font-mono text-xs">{scope}</code>
              </span>
            ))}{" "}
            {removed.length === 1 ? "is" : "are"} removed. Review and save: it is an ordinary edit,
            recorded in the audit log.
          </DialogDescription>
        </DialogHeader>
        <EditTokenForm
          tokenId={tokenId}
          idPrefix="reduce-token"
          initialValues={proposed}
          savedValues={current}
          readOnlyFields={readOnlyFields}
          lifetimePolicy={lifetimePolicy}
          onSaved={() => setOpen(false)}
        />
      </DialogContent>
    </Dialog>
  );
}
