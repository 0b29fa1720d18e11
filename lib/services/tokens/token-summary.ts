import type { Prisma } from "@/lib/generated/prisma/client";
import { TOKEN_STATUS_RANK, tokenStatus } from "./token-status";
import type { TokenSummary } from "./types";

const userSummarySelect = { id: true, email: true, name: true } as const;

/** The columns a summary is built from. `tokenHash` is deliberately absent. */
export const tokenSummarySelect = {
  id: true,
  name: true,
  description: true,
  lastFour: true,
  ipAllowlist: true,
  expiresAt: true,
  revokedAt: true,
  createdAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  createdBy: { select: userSummarySelect },
  revokedBy: { select: userSummarySelect },
  // The plan decides whether a working token is active or paused (see tokenStatus).
  organization: { select: { plan: true } },
} satisfies Prisma.ApiTokenSelect;

type TokenSummaryRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenSummarySelect }>;

export function toTokenSummary(row: TokenSummaryRow, now: Date = new Date()): TokenSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    lastFour: row.lastFour,
    ipAllowlist: row.ipAllowlist,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt,
    lastUsedIp: row.lastUsedIp,
    status: tokenStatus(row, row.organization.plan, now),
  };
}

/** Active tokens first, then paused, expired, revoked; newest first within each group. */
export function compareTokenSummaries(a: TokenSummary, b: TokenSummary): number {
  return (
    TOKEN_STATUS_RANK[a.status] - TOKEN_STATUS_RANK[b.status] ||
    b.createdAt.getTime() - a.createdAt.getTime() ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}
