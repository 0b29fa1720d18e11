import "server-only";
import type { Principal } from "@/lib/auth/principal";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Who made a token: the accountable person, and the token that acted if one did. */
export interface TokenMaker {
  createdById: string | null;
  createdByTokenId: string | null;
}

/**
 * The maker columns of a token `principal` creates (or rotates into being). A person in the
 * dashboard is its maker. A token acting through /api/v1 is recorded as the maker, and the
 * person accountable for that token (read now, so a chain of tokens leads back to a
 * person) as the accountable person: Members counts the new token under them, and removing
 * them may revoke it, as with the tokens they made themselves. MailShield itself makes none.
 */
export async function tokenMaker(
  tx: Prisma.TransactionClient,
  principal: Principal,
): Promise<TokenMaker> {
  if (principal.kind === "user") return { createdById: principal.userId, createdByTokenId: null };
  if (principal.kind === "system") return { createdById: null, createdByTokenId: null };
  const acting = await tx.apiToken.findUnique({
    where: { id: principal.tokenId },
    select: { createdById: true },
  });
  return { createdById: acting?.createdById ?? null, createdByTokenId: principal.tokenId };
}

/** Who revoked a token: the person, or the token acting through /api/v1; MailShield neither. */
export function tokenRevoker(principal: Principal): {
  revokedById: string | null;
  revokedByTokenId: string | null;
} {
  return {
    revokedById: principal.kind === "user" ? principal.userId : null,
    revokedByTokenId: principal.kind === "token" ? principal.tokenId : null,
  };
}
