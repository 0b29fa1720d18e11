import { Badge } from "@/components/ui/badge";
import type { AuditActorView } from "@/lib/services/audit/query";

const KIND_LABEL: Record<AuditActorView["kind"], string> = {
  user: "Person",
  token: "API token",
  system: "System",
};

/** Who acted: the person's name or email, or the token's name, with what kind it is. */
export function AuditEventActor({ actor }: { actor: AuditActorView }) {
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-1.5">
      <span className="min-w-0 break-words font-medium">{actor.name}</span>
      <Badge variant={actor.kind === "token" ? "brand" : "muted"}>{KIND_LABEL[actor.kind]}</Badge>
    </span>
  );
}
