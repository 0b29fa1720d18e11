import { type TokenStatus, tokenActions } from "@/lib/rules/token-status";

// Why the token page's Rotate button is inert, in the words shown under it; null when the
// viewer may rotate the token (tokenActions decides; the service enforces the same rules).

const REASONS: Partial<Record<TokenStatus, string>> = {
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
  if (tokenActions(token.status, canManage).rotate) return null;
  return REASONS[token.status] ?? null;
}
