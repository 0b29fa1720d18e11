"use client";

import { RadioGroup as RadioGroupPrimitive } from "radix-ui";
import type * as React from "react";
import { cn } from "@/lib/utils";

// Radix's radio group: arrow keys move the choice, Tab enters and leaves the group, and each
// item is a role="radio" button. Each option is a whole clickable card (RadioOption) with a
// label and an explanation, so the choice reads in plain words.

export function RadioGroup({
  className,
  ...props
}: React.ComponentProps<typeof RadioGroupPrimitive.Root>) {
  return <RadioGroupPrimitive.Root className={cn("grid gap-2", className)} {...props} />;
}

/** One choice: the radio, its label and an optional explanation linked as its description. */
export function RadioOption({
  id,
  value,
  label,
  description,
  disabled,
  className,
}: {
  /** Id of the radio; the label and description ids derive from it. */
  id: string;
  value: string;
  label: React.ReactNode;
  description?: React.ReactNode;
  disabled?: boolean;
  className?: string;
}) {
  const descriptionId = description ? `${id}-description` : undefined;
  return (
    <div
      className={cn(
        "relative flex cursor-pointer items-start gap-2.5 rounded-lg border px-3 py-2.5 text-sm transition-colors hover:bg-muted/50",
        "has-[[data-state=checked]]:border-brand/60 has-[[data-state=checked]]:bg-brand/5",
        "has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60",
        className,
      )}
    >
      <RadioGroupPrimitive.Item
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={descriptionId}
        className={cn(
          "relative z-10 mt-0.5 grid size-4 shrink-0 place-items-center rounded-full border border-input bg-background shadow-xs outline-none",
          "focus-visible:ring-[3px] focus-visible:ring-ring/50 data-[state=checked]:border-brand",
        )}
      >
        <RadioGroupPrimitive.Indicator className="size-2 rounded-full bg-brand" />
      </RadioGroupPrimitive.Item>
      <span className="grid gap-0.5">
        {/* The label alone names the radio; stretched over the card, a click anywhere picks it. */}
        <label htmlFor={id} className="font-medium leading-tight after:absolute after:inset-0">
          {label}
        </label>
        {description ? (
          <span id={descriptionId} className="text-muted-foreground text-xs leading-relaxed">
            {description}
          </span>
        ) : null}
      </span>
    </div>
  );
}
