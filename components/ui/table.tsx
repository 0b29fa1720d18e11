import type * as React from "react";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { cn } from "@/lib/utils";

/**
 * A table that scrolls inside itself when too wide (a focusable region while it does).
 * `stacked` tables instead turn each row into a record of "label value" lines below 48rem
 * (see globals.css), so a phone shows every field without scrolling sideways; give their
 * cells a `label` (the column's header). Lists use <DataTable> (data-table.tsx), which
 * draws a TanStack table this way; these primitives are for small fixed tables.
 */
export function Table({
  className,
  stacked = false,
  ...props
}: React.ComponentProps<"table"> & { stacked?: boolean }) {
  return (
    <ScrollRegion
      // contain: inline-size: the table's own width never widens what holds it (a grid
      // track, a flex item) and so the page; it fills its box and scrolls inside it.
      className="relative w-full [contain:inline-size]"
      label={props["aria-label"]}
      labelledBy={props["aria-labelledby"]}
    >
      <table
        data-stacked={stacked ? "" : undefined}
        className={cn("w-full caption-bottom text-sm", className)}
        {...props}
      />
    </ScrollRegion>
  );
}

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead className={cn("bg-muted/60 [&_tr]:border-b", className)} {...props} />;
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableFooter({ className, ...props }: React.ComponentProps<"tfoot">) {
  return (
    <tfoot
      className={cn("border-t bg-muted/50 font-medium [&>tr]:last:border-b-0", className)}
      {...props}
    />
  );
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return (
    <tr
      className={cn(
        "border-b transition-colors hover:bg-muted/40 data-[state=selected]:bg-muted",
        className,
      )}
      {...props}
    />
  );
}

export function TableHead({ className, ...props }: React.ComponentProps<"th">) {
  return (
    <th
      className={cn(
        "h-10 whitespace-nowrap px-3 text-left align-middle font-medium text-muted-foreground text-xs uppercase tracking-wide",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({
  className,
  label,
  ...props
}: React.ComponentProps<"td"> & {
  /** The column's name, shown before the value when a `stacked` table stacks its rows. */
  label?: string;
}) {
  return <td data-label={label} className={cn("px-3 py-3 align-middle", className)} {...props} />;
}

export function TableCaption({ className, ...props }: React.ComponentProps<"caption">) {
  return <caption className={cn("mt-4 text-muted-foreground text-sm", className)} {...props} />;
}
