"use client";

import type * as React from "react";
import { useEffect, useRef } from "react";
import { cn } from "@/lib/utils";

/**
 * A native checkbox (keyboard, forms and screen readers for free) in the brand colour, with
 * the "some selected" state, which HTML only offers as a property.
 */
export function Checkbox({
  className,
  indeterminate = false,
  ...props
}: Omit<React.ComponentProps<"input">, "type"> & { indeterminate?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={cn(
        "size-4 shrink-0 cursor-pointer rounded border-input accent-brand align-middle",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        "disabled:cursor-not-allowed disabled:opacity-50",
        className,
      )}
      {...props}
    />
  );
}
