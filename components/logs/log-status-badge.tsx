import { Badge, type BadgeVariant } from "@/components/ui/badge";

// HTTP status codes colored by class. The code itself is always printed, so the meaning
// never depends on colour alone.

const CLASS_VARIANT: Record<number, BadgeVariant> = {
  2: "success",
  3: "muted",
  4: "warning",
  5: "destructive",
};

export function statusClassOf(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

export function LogStatusBadge({ status }: { status: number }) {
  const variant = CLASS_VARIANT[Math.floor(status / 100)] ?? "outline";
  return (
    <Badge
      variant={variant}
      className="font-mono tabular-nums"
      data-status-class={statusClassOf(status)}
    >
      {status}
    </Badge>
  );
}
