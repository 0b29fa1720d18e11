import { Badge } from "@/components/ui/badge";

/**
 * Marks a logged request made with a token that had already been rotated: accepted during
 * its grace period, or refused after it. Whatever sent it still has to move to the new token.
 */
export function AfterRotationBadge() {
  return (
    <Badge variant="warning" title="Made with this token after it was rotated">
      After rotation
    </Badge>
  );
}
