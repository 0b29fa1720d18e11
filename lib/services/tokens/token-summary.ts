import "server-only";
import { clock } from "@/lib/clock";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isScope } from "@/lib/permissions";
import { TOKEN_STATUS_RANK, tokenStatus } from "@/lib/rules/token-status";
import { isTokenTemplateId } from "@/lib/rules/token-templates";
import { domainIdsFromColumn } from "@/lib/sql";
import type { TokenSummary } from "./types";

const userSummarySelect = { id: true, email: true, name: true } as const;
const rotationLinkSelect = {
  id: true,
  name: true,
  lastFour: true,
  expiresPredecessorOnFirstUse: true,
  lastUsedAt: true,
} as const;

/** The columns a summary is built from. `tokenHash` is deliberately absent. */
export const tokenSummarySelect = {
  id: true,
  name: true,
  description: true,
  lastFour: true,
  ipAllowlist: true,
  scopes: true,
  expiresAt: true,
  revokedAt: true,
  revokedUnusedDays: true,
  createdAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  exposedAt: true,
  exposedUrl: true,
  exposedSource: true,
  template: true,
  domainIds: true,
  createdBy: { select: userSummarySelect },
  createdByToken: { select: rotationLinkSelect },
  revokedBy: { select: userSummarySelect },
  revokedByToken: { select: rotationLinkSelect },
  rotatedAt: true,
  rotationEndsAt: true,
  successor: { select: rotationLinkSelect },
  predecessor: { select: rotationLinkSelect },
  // The plan decides whether a working token is active or paused (see tokenStatus).
  organization: { select: { plan: true } },
} satisfies Prisma.ApiTokenSelect;

type TokenSummaryRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenSummarySelect }>;

export function toTokenSummary(row: TokenSummaryRow, now: Date = clock.now()): TokenSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    lastFour: row.lastFour,
    ipAllowlist: row.ipAllowlist,
    domainIds: domainIdsFromColumn(row.domainIds),
    scopes: row.scopes.filter(isScope),
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
    revokedByToken: row.revokedByToken,
    revokedUnusedDays: row.revokedUnusedDays,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    createdByToken: row.createdByToken,
    lastUsedAt: row.lastUsedAt,
    lastUsedIp: row.lastUsedIp,
    status: tokenStatus(row, row.organization.plan, now),
    rotatedAt: row.rotatedAt,
    rotationEndsAt: row.rotationEndsAt,
    successor: row.successor,
    predecessor: row.predecessor,
    template: isTokenTemplateId(row.template) ? row.template : null,
    exposure: row.exposedAt
      ? { at: row.exposedAt, url: row.exposedUrl, source: row.exposedSource }
      : null,
  };
}

/**
 * When and from where a token was last used: the last request it was accepted for, i.e.
 * authenticated successfully (a request later refused for the rate limit still counts; a
 * revoked or expired token, a blocked IP or a plan without API access does not). This is
 * the one definition the tokens list, a token's details, its activity and the "unused"
 * insight show: the api_tokens.last_used_at/last_used_ip stamp the API writes after
 * authentication (lib/api/last-used.ts), precise to a minute. Refused attempts are shown
 * separately, from the request log (the token's last denied attempt).
 */
export type TokenLastUse = { at: Date; ip: string | null };

export function tokenLastUse(row: {
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
}): TokenLastUse | null {
  return row.lastUsedAt ? { at: row.lastUsedAt, ip: row.lastUsedIp } : null;
}

/** Active tokens first, then paused, expired, revoked; newest first within each group. */
export function compareTokenSummaries(a: TokenSummary, b: TokenSummary): number {
  return (
    TOKEN_STATUS_RANK[a.status] - TOKEN_STATUS_RANK[b.status] ||
    b.createdAt.getTime() - a.createdAt.getTime() ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}
