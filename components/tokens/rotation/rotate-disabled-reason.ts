import type { TokenStatus } from "@/lib/rules/token-status";

// Why the token page's Rotate button is inert, in the words shown under it; null when the
// viewer may rotate the token. The service enforces the same rules (rotate-token.ts).

const REASONS: Record<Exclude<TokenStatus, "active">, string> = {
  rotated: "Already rotated: rotate the token that replaced it.",
  revoked: "Revoked tokens cannot be rotated.",
  expired: "Expired tokens cannot be rotated; create a new token.",
  paused: "Your plan doesn't include API access.",
};

export function rotateDisabledReason(
  token: { status: TokenStatus },
  canManage: boolean,
): string | null {
  if (!canManage) return "Only owners and admins can rotate tokens.";
  return token.status === "active" ? null : REASONS[token.status];
}
