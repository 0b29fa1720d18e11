import { Badge } from "@/components/ui/badge";
import { unusedRevocationLabel } from "@/lib/rules/unused-token-policy";

/** "Revoked: unused for 90 days", for a token the unused-token policy revoked. */
export function UnusedRevocationNote({ days }: { days: number | null }) {
  if (days === null) return null;
  return <Badge variant="muted">{unusedRevocationLabel(days)}</Badge>;
}
