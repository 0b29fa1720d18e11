"use client";

import { Slot } from "radix-ui";
import * as React from "react";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

export interface FormFieldProps {
  label: React.ReactNode;
  /** Help text shown under the control and linked to it with aria-describedby. */
  hint?: React.ReactNode;
  /** Announce changes of the hint (a hint that follows the value, such as a date's weekday). */
  hintLive?: boolean;
  /** Inline validation error(s); the control gets aria-invalid while there is one. */
  error?: string | readonly string[] | null;
  /** Show every error instead of the first (an allowlist reports each invalid entry). */
  showAllErrors?: boolean;
  /** Id of the control; generated when omitted. */
  id?: string;
  required?: boolean;
  /** Marks the label "(optional)". */
  optional?: boolean;
  /** Extra content on the label row, right-aligned (for example a "Forgot password?" link). */
  labelAside?: React.ReactNode;
  /** Extra content under the hint and errors (presets, a live summary). */
  footer?: React.ReactNode;
  className?: string;
  /** Exactly one form control element (Input, Textarea, SelectTrigger…). */
  children: React.ReactElement;
}

/**
 * Label + control + hint + inline errors: the one field wrapper of every form. The control
 * receives id, aria-describedby and aria-invalid so that screen readers announce the hint
 * and the errors with the field.
 */
export function FormField({
  label,
  hint,
  hintLive,
  error,
  showAllErrors,
  id,
  required,
  optional,
  labelAside,
  footer,
  className,
  children,
}: FormFieldProps) {
  const generatedId = React.useId();
  const controlId = id ?? generatedId;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const errors = error == null ? [] : typeof error === "string" ? [error] : error;
  const messages = (showAllErrors ? errors : errors.slice(0, 1)).filter(Boolean);
  const describedBy = [hint ? hintId : null, messages.length > 0 ? errorId : null]
    .filter(Boolean)
    .join(" ");

  return (
    <div className={cn("grid gap-1.5", className)}>
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={controlId}>
          {label}
          {required ? (
            <span aria-hidden="true" className="text-destructive">
              *
            </span>
          ) : null}
          {optional ? (
            <span className="font-normal text-muted-foreground text-xs">(optional)</span>
          ) : null}
        </Label>
        {labelAside}
      </div>
      <Slot.Root
        id={controlId}
        aria-describedby={describedBy || undefined}
        aria-invalid={messages.length > 0 ? true : undefined}
        aria-required={required || undefined}
      >
        {children}
      </Slot.Root>
      {hint ? (
        <p
          id={hintId}
          aria-live={hintLive ? "polite" : undefined}
          className="text-muted-foreground text-xs leading-relaxed"
        >
          {hint}
        </p>
      ) : null}
      {messages.length > 0 ? (
        <div id={errorId} className="grid gap-0.5">
          {messages.map((message) => (
            <FieldError key={message}>{withCode(message)}</FieldError>
          ))}
        </div>
      ) : null}
      {footer}
    </div>
  );
}

export function FieldError({ className, ...props }: React.ComponentProps<"p">) {
  return <p className={cn("font-medium text-destructive text-xs", className)} {...props} />;
}

/** Renders `quoted` parts of a validation message (the offending value) as code. */
function withCode(message: string): React.ReactNode {
  const parts = message.split(/`([^`]*)`/);
  if (parts.length === 1) return message;
  return parts.map((part, index) =>
    index % 2 === 1 ? (
      <code key={index} className="rounded bg-destructive/10 px-1 font-mono">
        {part}
      </code>
    ) : (
      part
    ),
  );
}
