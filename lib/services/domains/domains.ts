import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { authorize, authorizeRead } from "@/lib/services/authorize";
import {
  domainIdsFromColumn,
  lockOrganizationTokens,
  readDomainJson,
  readSerializedDomainPage,
} from "@/lib/sql";
import type { CreateDomainInput, DomainJson } from "@/lib/validations/domain";
import { encodeCursor, type PageQuery, pageStart } from "@/lib/validations/pagination";
import { isUuid } from "@/lib/validations/uuid";
import { assertReachesAllDomains, assertReachesDomain, domainSelection } from "./domain-access";

// Domain data access. Every query is scoped by organizationId: an id that belongs to
// another organization behaves exactly like one that does not exist.
//
// The reads are the hot-path statements of lib/sql (PostgreSQL serializes the JSON
// the API sends), authorized on what the edge read of the caller (authorizeRead: no round
// trip beyond the statement); writes go through Prisma and authorize inside their
// transaction. A token limited to selected domains (domain-access.ts) sees only those:
// the others answer 404 like domains that do not exist, and the list leaves them out.

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
  const authorization = await authorizeRead(principal, organizationId, "domains:read");
  const after = pageStart(page);
  const row = await readSerializedDomainPage(
    organizationId,
    page.limit,
    after,
    domainSelection(authorization),
  );
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

/**
 * The organization's domains by name, id and name only: what the token forms offer for a
 * token's domain selection (and the token page names a selection with).
 */
export async function listDomainChoices({
  principal,
  organizationId,
}: ServiceContext): Promise<{ id: string; name: string }[]> {
  await authorizeRead(principal, organizationId, "domains:read");
  return db.domain.findMany({
    where: { organizationId },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

export async function getDomain(
  { principal, organizationId }: ServiceContext,
  id: string,
): Promise<DomainJson> {
  const authorization = await authorizeRead(principal, organizationId, "domains:read");
  if (!isUuid(id)) throw notFound("Domain");
  assertReachesDomain(authorization, id);
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
      assertReachesAllDomains(await authorize(tx, actor, organizationId, "domains:write"));
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

/**
 * Deletes the domain, scoped to the organization, with its audit event; 404 when absent or
 * outside the caller's selection. It leaves every token's selection (an emptied selection
 * stays empty: no domain, never all), under the organization's token lock so that a token
 * edit in flight cannot write the deleted id back.
 */
export async function deleteDomain(
  ctx: ServiceContext,
  input: { id: string },
): Promise<{ id: string; name: string }> {
  const { organizationId, principal: actor } = ctx;
  const { id } = input;
  if (!isUuid(id)) throw notFound("Domain");
  const where = { id, organizationId };
  return db.$transaction(async (tx) => {
    assertReachesDomain(await authorize(tx, actor, organizationId, "domains:write"), id);
    await lockOrganizationTokens(tx, organizationId);
    const domain = await tx.domain.findFirst({ where, select: { id: true, name: true } });
    // A concurrent delete may win between the read and the delete: then this one is a 404.
    if (!domain || (await tx.domain.deleteMany({ where })).count === 0) throw notFound("Domain");
    await removeFromTokenSelections(tx, organizationId, domain.id);
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

async function removeFromTokenSelections(
  tx: Prisma.TransactionClient,
  organizationId: string,
  domainId: string,
): Promise<void> {
  const id = domainId.toLowerCase();
  const tokens = await tx.apiToken.findMany({
    where: { organizationId, domainIds: { array_contains: [id] } },
    select: { id: true, domainIds: true },
  });
  for (const token of tokens) {
    const kept = (domainIdsFromColumn(token.domainIds) ?? []).filter((other) => other !== id);
    await tx.apiToken.update({ where: { id: token.id }, data: { domainIds: kept } });
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
