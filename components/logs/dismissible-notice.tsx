"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { LoaderIcon, XIcon } from "@/components/ui/icons";
import { toast } from "@/components/ui/toast";
import { dismissTokenAttentionAction } from "@/lib/actions/insights";

/**
 * The "Tokens that need attention" notice with its Dismiss button. The server remembers
 * the dismissal (see lib/rules/insight-attention.ts) and leaves the notice out of
 * later pages until a new cause appears; here it simply goes away.
 */
export function DismissibleNotice({
  causes,
  label,
  children,
}: {
  /** The fingerprints of what the notice lists. */
  causes: string[];
  /** What the button dismisses, for its accessible name. */
  label: string;
  children: ReactNode;
}) {
  const [dismissed, setDismissed] = useState(false);
  const form = useActionForm(dismissTokenAttentionAction, {
    onSuccess: () => setDismissed(true),
  });
  const confirmation = useRef<HTMLParagraphElement>(null);

  // The button is gone with the notice: focus stays at this point of the page instead of
  // falling back to its top, and a screen reader hears what happened.
  useEffect(() => {
    if (dismissed) confirmation.current?.focus();
  }, [dismissed]);

  useEffect(() => {
    if (form.formError) toast({ title: form.formError, variant: "error" });
  }, [form.formError]);

  if (dismissed) {
    return (
      <p ref={confirmation} tabIndex={-1} className="sr-only">
        {label} dismissed.
      </p>
    );
  }
  return (
    <div className="relative">
      {children}
      <Button
        variant="ghost"
        size="icon"
        className="absolute top-1.5 right-1.5 size-8"
        disabled={form.isPending}
        onClick={() => form.submit({ causes })}
        aria-label={`Dismiss “${label}”`}
        title="Dismiss until something new needs attention"
      >
        {form.isPending ? <LoaderIcon /> : <XIcon aria-hidden="true" />}
      </Button>
    </div>
  );
}
