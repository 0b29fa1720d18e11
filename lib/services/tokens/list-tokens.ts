import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/validations/uuid";
import { compareTokenSummaries, tokenSummarySelect, toTokenSummary } from "./token-summary";
import type { TokenSummary } from "./types";

/**
 * All tokens of the organization, revoked and expired ones included (their history stays
 * visible): active first, then expired, then revoked, newest first within each group.
 */
export async function listTokens(organizationId: string): Promise<TokenSummary[]> {
  const rows = await db.apiToken.findMany({
    where: { organizationId },
    select: tokenSummarySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const now = new Date();
  return rows.map((row) => toTokenSummary(row, now)).sort(compareTokenSummaries);
}

/** One token of the organization. Another organization's id is simply "not found". */
export async function getToken(organizationId: string, tokenId: string): Promise<TokenSummary> {
  if (!isUuid(tokenId)) throw notFound("Token");
  const row = await db.apiToken.findFirst({
    where: { id: tokenId, organizationId },
    select: tokenSummarySelect,
  });
  if (!row) throw notFound("Token");
  return toTokenSummary(row);
}
