import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { authorize, authorizeRead } from "@/lib/services/authorize";
import { readDomainJson, readSerializedDomainPage } from "@/lib/sql";
import type { CreateDomainInput, DomainJson } from "@/lib/validations/domain";
import { encodeCursor, type PageQuery, pageStart } from "@/lib/validations/pagination";
import { isUuid } from "@/lib/validations/uuid";

// Domain data access. Every query is scoped by organizationId: an id that belongs to
// another organization behaves exactly like one that does not exist.
//
// The reads are the hot-path statements of lib/sql (PostgreSQL serializes the JSON
// the API sends), authorized on what the edge read of the caller (authorizeRead: no round
// trip beyond the statement); writes go through Prisma and authorize inside their
// transaction.

/**
 * A page of domains whose items are already serialized: `itemsJson` is a JSON array of
 * domains exactly as `domainSchema` describes them, newest first.
 */
export interface SerializedDomainPage {
  itemsJson: string;
  itemCount: number;
  pagination: { limit: number; nextCursor: string | null; hasMore: boolean };
}

/** Newest first, keyset-paginated on (createdAt, id) so pages stay stable under inserts. */
export async function listDomains(
  { principal, organizationId }: ServiceContext,
  page: PageQuery,
): Promise<SerializedDomainPage> {
  await authorizeRead(principal, organizationId, "domains:read");
  const after = pageStart(page);
  const row = await readSerializedDomainPage(organizationId, page.limit, after);
  const hasMore = row.fetched_count > page.limit;
  const last =
    row.last_created_at && row.last_id ? { createdAt: row.last_created_at, id: row.last_id } : null;
  return {
    itemsJson: row.items_json,
    itemCount: Math.min(row.fetched_count, page.limit),
    pagination: {
      limit: page.limit,
      nextCursor: hasMore && last ? encodeCursor(last) : null,
      hasMore,
    },
  };
}

export async function getDomain(
  { principal, organizationId }: ServiceContext,
  id: string,
): Promise<DomainJson> {
  await authorizeRead(principal, organizationId, "domains:read");
  if (!isUuid(id)) throw notFound("Domain");
  const domain = await readDomainJson(organizationId, id);
  if (!domain) throw notFound("Domain");
  return domain;
}

/**
 * Creates the domain and its audit event in one transaction (writes are rare; the audit
 * event goes through recordAuditEvent like every other, with its guard against secrets).
 */
export async function createDomain(
  ctx: ServiceContext,
  input: CreateDomainInput,
): Promise<DomainJson> {
  const { organizationId, principal: actor } = ctx;
  let id: string;
  try {
    id = await db.$transaction(async (tx) => {
      await authorize(tx, actor, organizationId, "domains:write");
      const created = await tx.domain.create({
        data: { organizationId, name: input.name },
        select: { id: true },
      });
      await recordAuditEvent(tx, {
        organizationId,
        actor,
        action: "domain.created",
        targetType: "domain",
        targetId: created.id,
        metadata: { name: input.name },
      });
      return created.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "conflict",
        `The domain ${input.name} already exists in this organization`,
      );
    }
    throw error;
  }
  return getDomain({ principal: actor, organizationId }, id);
}

/** Deletes the domain, scoped to the organization, with its audit event; 404 when absent. */
export async function deleteDomain(
  ctx: ServiceContext,
  input: { id: string },
): Promise<{ id: string; name: string }> {
  const { organizationId, principal: actor } = ctx;
  const { id } = input;
  if (!isUuid(id)) throw notFound("Domain");
  const where = { id, organizationId };
  return db.$transaction(async (tx) => {
    await authorize(tx, actor, organizationId, "domains:write");
    const domain = await tx.domain.findFirst({ where, select: { id: true, name: true } });
    // A concurrent delete may win between the read and the delete: then this one is a 404.
    if (!domain || (await tx.domain.deleteMany({ where })).count === 0) throw notFound("Domain");
    await recordAuditEvent(tx, {
      organizationId,
      actor,
      action: "domain.deleted",
      targetType: "domain",
      targetId: domain.id,
      metadata: { name: domain.name },
    });
    return domain;
  });
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
