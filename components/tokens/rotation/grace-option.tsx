"use client";

import { RadioGroup } from "radix-ui";
import { useId } from "react";

/** One choice of the rotation dialog's grace period, with why it is disabled when it is. */
export function GraceOption({
  seconds,
  label,
  disabledReason,
}: {
  seconds: number;
  label: string;
  disabledReason: string | null;
}) {
  const id = useId();
  return (
    <div className="flex items-center gap-2.5 rounded-md border px-3 py-2 has-[[data-state=checked]]:border-primary has-[[data-state=checked]]:bg-accent/50">
      <RadioGroup.Item
        id={id}
        value={String(seconds)}
        disabled={disabledReason !== null}
        aria-describedby={disabledReason ? `${id}-reason` : undefined}
        className="flex size-4 shrink-0 items-center justify-center rounded-full border border-input focus-visible:outline-2 focus-visible:outline-ring focus-visible:outline-offset-2 disabled:opacity-50 data-[state=checked]:border-primary"
      >
        <RadioGroup.Indicator className="size-2 rounded-full bg-primary" />
      </RadioGroup.Item>
      <div className="grid gap-0.5 text-sm">
        <label htmlFor={id} className={disabledReason ? "text-muted-foreground" : undefined}>
          {label}
        </label>
        {disabledReason ? (
          <span id={`${id}-reason`} className="text-muted-foreground text-xs">
            {disabledReason}
          </span>
        ) : null}
      </div>
    </div>
  );
}
