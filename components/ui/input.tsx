import type * as React from "react";
import { cn } from "@/lib/utils";

export const inputClassName = cn(
  "flex h-9 w-full min-w-0 rounded-md border border-input bg-card px-3 py-1 text-sm shadow-xs transition-colors",
  "placeholder:text-muted-foreground/80",
  "focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40",
  "disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-60",
  "aria-invalid:border-destructive aria-invalid:focus-visible:outline-destructive/30",
  "file:border-0 file:bg-transparent file:font-medium file:text-sm",
);

export function Input({ className, type = "text", ...props }: React.ComponentProps<"input">) {
  return <input type={type} className={cn(inputClassName, className)} {...props} />;
}
