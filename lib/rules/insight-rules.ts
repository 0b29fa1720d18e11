// The rules behind the token insights, free of database access so that client
// components (the tokens list) can import the types, thresholds and wording inputs.

export const UNUSED_AFTER_DAYS = 30;
export const NEVER_USED_GRACE_DAYS = 7;
export const EXPIRY_WARNING_DAYS = 7;
export const DENIED_WINDOW_HOURS = 24;
export const DENIED_STATUS_CODES = [401, 403] as const;
/** The days a token's page shows its activity over (chart, totals, "new IP"). */
export const ACTIVITY_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

export type TokenUnusedInsight =
  | { reason: "never_used"; createdAt: Date }
  | { reason: "idle"; lastUsedAt: Date };

export type TokenInsight = {
  tokenId: string;
  /** Set for active tokens with no request for 30+ days, or none at all 7+ days after creation. */
  unused: TokenUnusedInsight | null;
  /** Whole days until expiry (1 = within the next 24 hours) for active tokens expiring within 7 days. */
  expiresInDays: number | null;
  expiresAt: Date | null;
  /**
   * Requests answered 401/403 in the last 24 hours, counted only while the token still
   * works: a revoked, expired or rotated-out token is refused by design, and nothing on
   * the tokens list can change that (a rotated token's page lists what still uses it).
   */
  deniedLast24h: number;
  /** Why the latest of them was refused, as stored; null when unknown or none. */
  lastDeniedReason: string | null;
};

export type InsightRow = {
  id: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** A rotated token already has its replacement: neither its expiry nor disuse is news. */
  rotatedAt: Date | null;
  /** When a rotated token stops working (the end of its grace period); null if never rotated. */
  rotationEndsAt: Date | null;
  lastUsedAt: Date | null;
  deniedLast24h: number;
  lastDeniedReason: string | null;
};

export function tokenInsightFromRow(row: InsightRow, now: Date): TokenInsight {
  const active =
    row.revokedAt === null &&
    row.rotatedAt === null &&
    (row.expiresAt === null || row.expiresAt > now);
  // Still accepted: a rotated token during its grace period too (its denials can be fixed).
  const working =
    row.revokedAt === null &&
    (row.expiresAt === null || row.expiresAt > now) &&
    (row.rotationEndsAt === null || row.rotationEndsAt > now);
  let unused: TokenUnusedInsight | null = null;
  if (active && row.lastUsedAt === null) {
    if (now.getTime() - row.createdAt.getTime() >= NEVER_USED_GRACE_DAYS * DAY_MS) {
      unused = { reason: "never_used", createdAt: row.createdAt };
    }
  } else if (active && row.lastUsedAt) {
    if (now.getTime() - row.lastUsedAt.getTime() >= UNUSED_AFTER_DAYS * DAY_MS) {
      unused = { reason: "idle", lastUsedAt: row.lastUsedAt };
    }
  }

  let expiresInDays: number | null = null;
  if (active && row.expiresAt) {
    const remaining = row.expiresAt.getTime() - now.getTime();
    if (remaining <= EXPIRY_WARNING_DAYS * DAY_MS) expiresInDays = Math.ceil(remaining / DAY_MS);
  }

  return {
    tokenId: row.id,
    unused,
    expiresInDays,
    expiresAt: row.expiresAt,
    deniedLast24h: working ? row.deniedLast24h : 0,
    lastDeniedReason: working ? row.lastDeniedReason : null,
  };
}
