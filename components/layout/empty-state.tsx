import type * as React from "react";
import { Card } from "@/components/ui/card";

/** A page's "nothing here" card: an icon, what is empty and why, and the way out. */
export function EmptyState({
  icon,
  title,
  body,
  action,
}: {
  icon: React.ReactNode;
  title: string;
  body: string;
  action?: React.ReactNode;
}) {
  return (
    <Card className="items-center gap-3 px-6 py-12 text-center">
      <span className="flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground">
        {icon}
      </span>
      <h2 className="font-semibold text-base">{title}</h2>
      <p className="max-w-md text-muted-foreground text-sm">{body}</p>
      {action}
    </Card>
  );
}
