import type * as React from "react";
import { AlertCircleIcon, CheckCircleIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

/**
 * An inline, politely announced result line next to a form's submit button
 * ("Saved", "Could not save"). Render it always (with empty children when idle) so that
 * the live region exists before the message appears and screen readers announce it.
 */
export function StatusMessage({
  variant = "success",
  className,
  children,
  ...props
}: React.ComponentProps<"p"> & { variant?: "success" | "error" }) {
  const Icon = variant === "error" ? AlertCircleIcon : CheckCircleIcon;
  return (
    <p
      role={variant === "error" ? "alert" : "status"}
      aria-live={variant === "error" ? "assertive" : "polite"}
      className={cn(
        "inline-flex items-center gap-1.5 text-sm",
        variant === "error" ? "text-destructive" : "text-success",
        className,
      )}
      {...props}
    >
      {children ? (
        <>
          <Icon className="size-4 shrink-0" />
          {children}
        </>
      ) : null}
    </p>
  );
}
