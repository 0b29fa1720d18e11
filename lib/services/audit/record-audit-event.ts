import "server-only";
import { TOKEN_IN_TEXT } from "@/lib/auth/token-format";
import type { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type AuditClient = Prisma.TransactionClient | typeof db;

export interface AuditEventInput {
  organizationId: string;
  /** The user who acted; null for system actions (or when the user was deleted). */
  actorId: string | null;
  /** Dotted verb: "token.created", "token.updated", "token.revoked". */
  action: string;
  targetType: string;
  targetId?: string | null;
  /**
   * What changed, e.g. `{ changes: { name: { before, after } } }`. Never token material:
   * callers pass only display fields, and secret-looking keys
   * or token-shaped strings are refused below.
   */
  metadata?: Prisma.InputJsonObject;
  ip?: string | null;
}

// Keys that must never reach the audit log. This is a backstop, not the primary control:
// callers build metadata from whitelisted fields only.
const FORBIDDEN_METADATA_KEYS = new Set(["token", "tokenhash", "token_hash", "secret", "password"]);

/**
 * Writes one audit event. Pass the transaction client so the event commits (or rolls back)
 * together with the change it describes.
 */
export async function recordAuditEvent(client: AuditClient, event: AuditEventInput): Promise<void> {
  const metadata = event.metadata ?? {};
  assertNoSecretKeys(metadata);
  await client.auditEvent.create({
    data: {
      organizationId: event.organizationId,
      actorId: event.actorId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      metadata,
      ip: event.ip ?? null,
    },
  });
}

function assertNoSecretKeys(value: unknown): void {
  if (typeof value === "string") {
    if (TOKEN_IN_TEXT.test(value))
      throw new Error("Audit metadata must not contain token material");
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) assertNoSecretKeys(item);
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, nested] of Object.entries(value)) {
    if (FORBIDDEN_METADATA_KEYS.has(key.toLowerCase())) {
      throw new Error(`Audit metadata must not contain "${key}"`);
    }
    assertNoSecretKeys(nested);
  }
}
