"use client";

import { Slot } from "radix-ui";
import * as React from "react";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

export interface FormFieldProps {
  label: React.ReactNode;
  /** Help text shown under the control and linked to it with aria-describedby. */
  hint?: React.ReactNode;
  /** Inline validation error(s); the first one is shown and the control gets aria-invalid. */
  error?: string | readonly string[] | null;
  /** Id of the control; generated when omitted. */
  id?: string;
  required?: boolean;
  /** Extra content on the label row, right-aligned (for example a "Forgot password?" link). */
  labelAside?: React.ReactNode;
  className?: string;
  /** Exactly one form control element (Input, Textarea, SelectTrigger…). */
  children: React.ReactElement;
}

/**
 * Label + control + hint + inline error. The control receives id, aria-describedby and
 * aria-invalid so that screen readers announce the hint and the error with the field.
 */
export function FormField({
  label,
  hint,
  error,
  id,
  required,
  labelAside,
  className,
  children,
}: FormFieldProps) {
  const generatedId = React.useId();
  const controlId = id ?? generatedId;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const message = typeof error === "string" ? error : error?.[0];
  const describedBy = [hint ? hintId : null, message ? errorId : null].filter(Boolean).join(" ");

  return (
    <div className={cn("grid gap-1.5", className)}>
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={controlId}>
          {label}
          {required ? (
            <span aria-hidden="true" className="text-destructive">
              *
            </span>
          ) : null}
        </Label>
        {labelAside}
      </div>
      <Slot.Root
        id={controlId}
        aria-describedby={describedBy || undefined}
        aria-invalid={message ? true : undefined}
        aria-required={required || undefined}
      >
        {children}
      </Slot.Root>
      {hint ? (
        <p id={hintId} className="text-muted-foreground text-xs">
          {hint}
        </p>
      ) : null}
      {message ? <FieldError id={errorId}>{message}</FieldError> : null}
    </div>
  );
}

export function FieldError({ className, ...props }: React.ComponentProps<"p">) {
  return <p className={cn("font-medium text-destructive text-xs", className)} {...props} />;
}
