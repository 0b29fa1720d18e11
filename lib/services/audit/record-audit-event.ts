import "server-only";
import type { AuditAction } from "@/lib/audit/actions";
import type { Principal } from "@/lib/auth/principal";
import { TOKEN_IN_TEXT } from "@/lib/auth/token-format";
import type { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueAuditWebhooks } from "@/lib/services/webhook-outbox/from-audit";

export type AuditClient = Prisma.TransactionClient | typeof db;

export interface AuditEventInput {
  organizationId: string;
  /** Who acted, and from which IP: the principal the service authorized. */
  actor: Principal;
  /** One of lib/audit/actions.ts. */
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  /**
   * What changed, e.g. `{ changes: { name: { before, after } } }`. Never token material:
   * callers pass only display fields, and secret-looking keys
   * or token-shaped strings are refused below.
   */
  metadata?: Prisma.InputJsonObject;
}

// Keys that must never reach the audit log. This is a backstop, not the primary control:
// callers build metadata from whitelisted fields only.
const FORBIDDEN_METADATA_KEYS = new Set(["token", "tokenhash", "token_hash", "secret", "password"]);

/**
 * Writes one audit event. Pass the transaction client so the event commits (or rolls back)
 * together with the change it describes, and with the webhook deliveries that report it
 * (the outbox: lib/services/webhook-outbox).
 */
export async function recordAuditEvent(client: AuditClient, event: AuditEventInput): Promise<void> {
  // A token's name is kept with the event: the token may be renamed or deleted later.
  const metadata =
    event.actor.kind === "token"
      ? { ...event.metadata, tokenName: event.actor.tokenName }
      : (event.metadata ?? {});
  assertNoSecretKeys(metadata);
  const recorded = await client.auditEvent.create({
    data: {
      organizationId: event.organizationId,
      ...actorColumns(event.actor),
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      metadata,
      ip: event.actor.ip,
    },
    select: {
      id: true,
      organizationId: true,
      action: true,
      actorId: true,
      actorTokenId: true,
      targetType: true,
      targetId: true,
      createdAt: true,
    },
  });
  await enqueueAuditWebhooks(client, { ...recorded, metadata });
}

function actorColumns(actor: Principal): { actorId: string | null; actorTokenId: string | null } {
  switch (actor.kind) {
    case "user":
      return { actorId: actor.userId, actorTokenId: null };
    case "token":
      return { actorId: null, actorTokenId: actor.tokenId };
    case "system":
      return { actorId: null, actorTokenId: null };
  }
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

/**
 * Records an event about a person's own account (a sign-in, a password change) in every
 * organization they belong to: each organization's owners see what happened to the
 * accounts that can act in it, whichever organization the person had open.
 */
export async function recordAccountEvent(
  client: AuditClient,
  event: {
    userId: string;
    action: AuditAction;
    ip: string | null;
    /** What the event concerns (a passkey's name, the sign-in method); never a secret. */
    metadata?: Prisma.InputJsonObject;
  },
): Promise<void> {
  const memberships = await client.membership.findMany({
    where: { userId: event.userId },
    select: { organizationId: true },
  });
  for (const { organizationId } of memberships) {
    await recordAuditEvent(client, {
      organizationId,
      actor: { kind: "user", userId: event.userId, ip: event.ip },
      action: event.action,
      targetType: "user",
      targetId: event.userId,
      metadata: event.metadata,
    });
  }
}
