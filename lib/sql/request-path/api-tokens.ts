import "server-only";
import { dbPool } from "@/lib/db";
import type { Plan } from "@/lib/generated/prisma/enums";
import { preparedQuery } from "./prepared";

// The statements in front of every /api/v1 request that concern its token.

/** What one indexed lookup returns about a stored token: enough to decide and to log. */
export interface StoredTokenForAuth {
  id: string;
  name: string;
  organizationId: string;
  plan: Plan;
  ipAllowlist: string[];
  /** API scopes as stored; lib/services/authorize.ts judges them. */
  scopes: string[];
  /** The domains it may touch (per-domain scoping); null: all, empty: none. */
  domainIds: string[] | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Set once the token was rotated: the instant it stops working (end of its grace period). */
  rotationEndsAt: Date | null;
  /** On a successor: whether its first accepted request ends its predecessor's grace. */
  expiresPredecessorOnFirstUse: boolean;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
}

interface StoredTokenRow {
  id: string;
  name: string;
  organization_id: string;
  plan: Plan;
  ip_allowlist: string[] | null;
  scopes: string[] | null;
  domain_ids: unknown;
  expires_at: Date | null;
  revoked_at: Date | null;
  rotation_ends_at: Date | null;
  expires_predecessor_on_first_use: boolean;
  last_used_at: Date | null;
  last_used_ip: string | null;
}

// One round trip through the unique index on token_hash, joined to the organization for
// its plan, on the shared pool. Measured (docs/performance.md, components): as a named
// prepared statement the lookup costs the database 105–115 µs of CPU against 270–280 µs
// unnamed. The hash is the only token material that leaves this process.
export const FIND_TOKEN_BY_HASH = `
  SELECT t.id::text AS id, t.name, t.organization_id::text AS organization_id,
         o.plan::text AS plan, t.ip_allowlist, t.scopes, t.domain_ids, t.expires_at, t.revoked_at,
         t.rotation_ends_at, t.expires_predecessor_on_first_use, t.last_used_at, t.last_used_ip
    FROM api_tokens t
    JOIN organizations o ON o.id = t.organization_id
   WHERE t.token_hash = $1::char(64)`;

/** The stored token whose SHA-256 is `tokenHash`, with its organization's plan. */
export async function findStoredTokenByHash(tokenHash: string): Promise<StoredTokenForAuth | null> {
  const { rows } = await dbPool.query<StoredTokenRow>(
    preparedQuery("ms_find_token_by_hash", FIND_TOKEN_BY_HASH, [tokenHash]),
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    organizationId: row.organization_id,
    plan: row.plan,
    ipAllowlist: row.ip_allowlist ?? [],
    scopes: row.scopes ?? [],
    domainIds: domainIdsFromColumn(row.domain_ids),
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    rotationEndsAt: row.rotation_ends_at,
    expiresPredecessorOnFirstUse: row.expires_predecessor_on_first_use,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
  };
}

/**
 * The domain selection as stored (a JSON array of ids, or NULL for all domains). Anything
 * but an array of strings reads as no domain: a damaged value must never widen to all.
 */
export function domainIdsFromColumn(value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) return [];
  return value.filter((id): id is string => typeof id === "string").map((id) => id.toLowerCase());
}

// Conditional, so that concurrent instances agree: only the first write per minute (or per
// IP change) touches the row; the others match nothing and take no row lock. It follows a
// successful request, so it goes through the pool like the lookup; the throttle in
// lib/api/last-used.ts makes it about one statement per token per minute.
const TOUCH_LAST_USED = `
  UPDATE api_tokens
     SET last_used_at = $2, last_used_ip = $3
   WHERE id = $1::uuid
     AND (last_used_at IS NULL OR last_used_at < $4 OR last_used_ip IS DISTINCT FROM $3::text)`;

/** Stamps the token as used at `at` from `ip` unless a write since `cutoff` already did. */
export async function stampTokenLastUsed(
  tokenId: string,
  at: Date,
  ip: string | null,
  cutoff: Date,
): Promise<void> {
  await dbPool.query({ text: TOUCH_LAST_USED, values: [tokenId, at, ip, cutoff] });
}

// "Expire the old token as soon as the new one is used": run only for the successor's first
// accepted request (its last_used_at still null, known from the lookup), so later requests
// pay nothing. Conditional, so a repeat (concurrent first requests, or a lost last-used
// stamp) never moves an end that already passed. On the pool for the same reason as the
// lookup: it sits in front of the request it belongs to.
const END_PREDECESSOR_GRACE = `
  UPDATE api_tokens
     SET rotation_ends_at = $2
   WHERE successor_id = $1::uuid
     AND rotation_ends_at > $2`;

/** Ends, at `at`, the grace period of the token `successorId` replaced (if still running). */
export async function endPredecessorGrace(successorId: string, at: Date): Promise<void> {
  await dbPool.query({ text: END_PREDECESSOR_GRACE, values: [successorId, at] });
}
