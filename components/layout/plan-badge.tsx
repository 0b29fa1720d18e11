import { Badge } from "@/components/ui/badge";
import type { Plan } from "@/lib/generated/prisma/enums";
import { planHasApiAccess, planLabel } from "@/lib/plans";

export function PlanBadge({ plan, className }: { plan: Plan; className?: string }) {
  return (
    <Badge variant={planHasApiAccess(plan) ? "brand" : "muted"} className={className}>
      {planLabel(plan)} plan
    </Badge>
  );
}
