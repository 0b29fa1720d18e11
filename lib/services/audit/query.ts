import "server-only";
import { SIGN_IN_ACTIONS } from "@/lib/audit/actions";
import type { Principal } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { tokenLabel } from "@/lib/rules/token-label";
import { authorize } from "@/lib/services/authorize";
import { type AuditEventFilters, encodeAuditCursor } from "@/lib/validations/audit";
import { resolveTimeBounds } from "@/lib/validations/logs";

// The read side of the audit log: one organization's events, newest first, paginated by a
// keyset on (created_at, id) that the (organization_id, created_at DESC) index serves.
// Audit events are few next to request logs (people and tokens changing things), so the
// filters are plain Prisma conditions on the rows that index walk yields.

/** Who acted, as the log shows it. */
export type AuditActorView =
  | { kind: "user"; id: string; name: string }
  | { kind: "token"; id: string | null; name: string }
  | { kind: "system"; id: null; name: string };

export type AuditEventView = {
  id: string;
  createdAt: Date;
  action: string;
  actor: AuditActorView;
  targetType: string;
  targetId: string | null;
  /** The target's name when the event recorded one (a token's or domain's). */
  targetName: string | null;
  ip: string | null;
  metadata: Record<string, unknown>;
};

export type AuditEventPage = { events: AuditEventView[]; nextCursor: string | null };

const SYSTEM_NAME = "MailShield";

const eventSelect = {
  id: true,
  createdAt: true,
  action: true,
  actorId: true,
  actorTokenId: true,
  targetType: true,
  targetId: true,
  ip: true,
  metadata: true,
  actor: { select: { email: true, name: true } },
  actorToken: { select: { name: true, lastFour: true } },
} satisfies Prisma.AuditEventSelect;

type EventRow = Prisma.AuditEventGetPayload<{ select: typeof eventSelect }>;

function asObject(value: Prisma.JsonValue): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function actorTokenName(name: string | null, lastFour: string | undefined): string {
  if (name === null) return "Deleted token";
  return lastFour ? tokenLabel({ name, lastFour }) : name;
}

function actorOf(row: EventRow, metadata: Record<string, unknown>): AuditActorView {
  if (row.actorId && row.actor) {
    return { kind: "user", id: row.actorId, name: row.actor.name || row.actor.email };
  }
  // Events recorded before actor_token_id named the token in metadata only (via = "api").
  const tokenName = text(metadata.tokenName);
  if (row.actorTokenId || metadata.via === "api") {
    return {
      kind: "token",
      id: row.actorTokenId ?? text(metadata.tokenId),
      // The name when it acted; the current one for events that did not keep it. With its
      // last four while the token exists: a rotation's successor shares its name.
      name: actorTokenName(tokenName ?? row.actorToken?.name ?? null, row.actorToken?.lastFour),
    };
  }
  return { kind: "system", id: null, name: SYSTEM_NAME };
}

function toView(row: EventRow): AuditEventView {
  const metadata = asObject(row.metadata);
  return {
    id: row.id,
    createdAt: row.createdAt,
    action: row.action,
    actor: actorOf(row, metadata),
    targetType: row.targetType,
    targetId: row.targetId,
    // A token or domain records its name; a member or invitation the email address.
    targetName: text(metadata.name) ?? text(metadata.email),
    ip: row.ip,
    metadata,
  };
}

function actorWhere(actor: AuditEventFilters["actor"]): Prisma.AuditEventWhereInput {
  if (!actor) return {};
  if (actor.kind === "user") return { actorId: actor.id };
  if (actor.kind === "token") return { actorTokenId: actor.id };
  return { actorId: null, actorTokenId: null };
}

/** One page of an organization's audit log, newest first: for a principal with audit:read. */
export async function listAuditEvents(
  actor: Principal,
  organizationId: string,
  filters: AuditEventFilters,
  now: Date = clock.now(),
): Promise<AuditEventPage> {
  const { from, to } = resolveTimeBounds(filters, now);
  const { cursor } = filters;
  const rows = await db.$transaction(async (tx) => {
    await authorize(tx, actor, organizationId, "audit:read", { now });
    return tx.auditEvent.findMany({
      where: {
        organizationId,
        ...actorWhere(filters.actor),
        AND: [
          filters.action ? { action: filters.action } : {},
          filters.hideSignIns ? { action: { notIn: [...SIGN_IN_ACTIONS] } } : {},
          from || to ? { createdAt: { gte: from, lt: to } } : {},
          cursor
            ? {
                OR: [
                  { createdAt: { lt: cursor.createdAt } },
                  { createdAt: cursor.createdAt, id: { lt: cursor.id } },
                ],
              }
            : {},
        ],
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: filters.limit + 1,
      select: eventSelect,
    });
  });
  const events = rows.slice(0, filters.limit).map(toView);
  const last = events.at(-1);
  return {
    events,
    nextCursor:
      rows.length > filters.limit && last
        ? encodeAuditCursor({ createdAt: last.createdAt, id: last.id })
        : null,
  };
}

export type AuditActorOption = { value: string; label: string };

type TokenOptionRow = {
  id: string;
  name: string;
  lastFour: string;
  revokedAt: Date | null;
  rotatedAt: Date | null;
  expiresAt: Date | null;
};

/** A token as the actor filter names it: the shared label (last four, final state). */
export function tokenActorLabel(token: TokenOptionRow, now: Date = clock.now()): string {
  return `Token: ${tokenLabel(token, now)}`;
}

function personLabel(user: { email: string; name: string | null }): string {
  return user.name ? `${user.name} (${user.email})` : user.email;
}

/**
 * Who can appear as an actor: the organization's members, the people removed since who
 * acted in it (their events stay), its tokens (revoked and rotated ones too) and
 * MailShield; for a principal with audit:read.
 */
export async function listAuditActorOptions(
  actor: Principal,
  organizationId: string,
  now: Date = clock.now(),
): Promise<AuditActorOption[]> {
  const [members, former, tokens] = await db.$transaction(async (tx) => {
    await authorize(tx, actor, organizationId, "audit:read", { now });
    const userSelect = { id: true, email: true, name: true } as const;
    const memberRows = await tx.membership.findMany({
      where: { organizationId },
      select: { user: { select: userSelect } },
      orderBy: { createdAt: "asc" },
    });
    // Everyone who acted here (one GROUP BY on the organization's events), less the members.
    const actedIds = await tx.auditEvent.groupBy({
      by: ["actorId"],
      where: { organizationId, actorId: { not: null } },
    });
    const memberIds = new Set(memberRows.map(({ user }) => user.id));
    const formerIds = actedIds.flatMap(({ actorId }) =>
      actorId && !memberIds.has(actorId) ? [actorId] : [],
    );
    const formerRows =
      formerIds.length === 0
        ? []
        : await tx.user.findMany({
            where: { id: { in: formerIds } },
            select: userSelect,
            orderBy: [{ name: "asc" }, { email: "asc" }],
          });
    const tokenRows = await tx.apiToken.findMany({
      where: { organizationId },
      select: {
        id: true,
        name: true,
        lastFour: true,
        revokedAt: true,
        rotatedAt: true,
        expiresAt: true,
      },
      orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    });
    return [memberRows, formerRows, tokenRows] as const;
  });
  return [
    ...members.map(({ user }) => ({ value: `user:${user.id}`, label: personLabel(user) })),
    ...former.map((user) => ({
      value: `user:${user.id}`,
      label: `${personLabel(user)}, removed`,
    })),
    ...tokens.map((token) => ({ value: `token:${token.id}`, label: tokenActorLabel(token, now) })),
    { value: "system", label: SYSTEM_NAME },
  ];
}
