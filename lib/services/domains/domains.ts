import "server-only";
import { db, dbPool } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { preparedQuery } from "@/lib/prepared-statements";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { type CreateDomainInput, type DomainJson, domainSchema } from "@/lib/validations/domain";
import { decodeCursor, encodeCursor, type PageQuery } from "@/lib/validations/pagination";
import { isUuid } from "@/lib/validations/uuid";

// Domain data access. Every query is scoped by organizationId: an id that belongs to
// another organization behaves exactly like one that does not exist.
//
// The reads are hand-written SQL on the shared pool rather than Prisma calls: they serve
// the public API's hot path, where Prisma's per-query overhead was several times the cost
// of the query itself. Each is one round trip, run as a named prepared statement where the
// database allows it (`preparedQuery`). Writes go through Prisma.

// The JSON of a domain in /api/v1 responses is declared once, by `domainSchema`. PostgreSQL
// builds it for every endpoint from the expressions below: one per key of the schema
// (TypeScript refuses a missing or extra key), emitted in the schema's key order, so that
// row_to_json yields compact JSON exactly as the schema describes it. The list is the API's
// hot read, and turning rows into objects, parsing their dates and stringifying them again
// in this process cost more server CPU than the rest of the handler (docs/performance.md).
const ISO_8601_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const DOMAIN_JSON_EXPRESSIONS: Record<keyof DomainJson, string> = {
  id: "d.id::text",
  name: "d.name",
  spfStatus: "lower(d.spf_status::text)",
  dkimStatus: "lower(d.dkim_status::text)",
  dmarcStatus: "lower(d.dmarc_status::text)",
  dmarcPolicy: "d.dmarc_policy",
  lastCheckedAt: `to_char(d.last_checked_at AT TIME ZONE 'UTC', ${ISO_8601_UTC})`,
  createdAt: `to_char(d.created_at AT TIME ZONE 'UTC', ${ISO_8601_UTC})`,
};
const DOMAIN_JSON_FIELDS = (Object.keys(domainSchema.shape) as Array<keyof DomainJson>)
  .map((key) => `${DOMAIN_JSON_EXPRESSIONS[key]} AS "${key}"`)
  .join(", ");

/**
 * A page of domains whose items are already serialized: `itemsJson` is a JSON array of
 * domains exactly as `domainSchema` describes them, newest first.
 */
export interface SerializedDomainPage {
  itemsJson: string;
  itemCount: number;
  pagination: { limit: number; nextCursor: string | null; hasMore: boolean };
}

// One round trip, one pass. The inner query walks the (organization_id, created_at DESC,
// id DESC) index and takes one row more than the page, which tells whether another page
// follows; the row comparison resumes strictly after the previous page's last item. The
// item at position `limit` is the last one shown, whose position becomes the next cursor.
function listPageSql(resumeCondition: string): string {
  return `
  SELECT count(*)::int AS fetched_count,
         '[' || coalesce(string_agg(item_json, ',' ORDER BY position)
                           FILTER (WHERE position <= $2::int), '') || ']' AS items_json,
         max(created_at) FILTER (WHERE position = $2::int) AS last_created_at,
         max(id::text) FILTER (WHERE position = $2::int) AS last_id
    FROM (
      SELECT d.created_at, d.id, row_to_json(item)::text AS item_json,
             row_number() OVER (ORDER BY d.created_at DESC, d.id DESC) AS position
        FROM (
          SELECT id, name, spf_status, dkim_status, dmarc_status, dmarc_policy,
                 last_checked_at, created_at
            FROM domains
           WHERE organization_id = $1::uuid ${resumeCondition}
           ORDER BY created_at DESC, id DESC
           LIMIT $2::int + 1
        ) d
       CROSS JOIN LATERAL (SELECT ${DOMAIN_JSON_FIELDS}) item
    ) numbered`;
}

export const LIST_FIRST_PAGE = listPageSql("");
const LIST_NEXT_PAGE = listPageSql("AND (created_at, id) < ($3::timestamptz, $4::uuid)");

interface SerializedPageRow {
  fetched_count: number;
  items_json: string;
  last_created_at: Date | null;
  last_id: string | null;
}

/** Newest first, keyset-paginated on (createdAt, id) so pages stay stable under inserts. */
export async function listDomains(
  organizationId: string,
  page: PageQuery,
): Promise<SerializedDomainPage> {
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
  if (page.cursor !== undefined && !after) {
    throw new AppError("validation_error", "Request validation failed", {
      fieldErrors: { cursor: ["cursor is not valid; use the nextCursor of a previous page"] },
    });
  }
  const { rows } = after
    ? await dbPool.query<SerializedPageRow>(
        preparedQuery("ms_list_domains_after", LIST_NEXT_PAGE, [
          organizationId,
          page.limit,
          after.createdAt,
          after.id,
        ]),
      )
    : await dbPool.query<SerializedPageRow>(
        preparedQuery("ms_list_domains", LIST_FIRST_PAGE, [organizationId, page.limit]),
      );
  const row = rows[0]!;
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

const GET_DOMAIN_JSON = `
  SELECT row_to_json(item)::text AS json
    FROM domains d CROSS JOIN LATERAL (SELECT ${DOMAIN_JSON_FIELDS}) item
   WHERE d.id = $1::uuid AND d.organization_id = $2::uuid`;

type Queryable = Pick<typeof dbPool, "query">;

async function readDomainJson(
  client: Queryable,
  organizationId: string,
  id: string,
): Promise<DomainJson | null> {
  const { rows } = await client.query<{ json: string }>(
    preparedQuery("ms_get_domain_json", GET_DOMAIN_JSON, [id, organizationId]),
  );
  return rows[0] ? (JSON.parse(rows[0].json) as DomainJson) : null;
}

export async function getDomain(organizationId: string, id: string): Promise<DomainJson> {
  if (!isUuid(id)) throw notFound("Domain");
  const domain = await readDomainJson(dbPool, organizationId, id);
  if (!domain) throw notFound("Domain");
  return domain;
}

/** Who changed a domain through the API, for the audit log. */
export interface ApiActor {
  tokenId: string;
  tokenName: string;
  ip: string | null;
}

function auditMetadata(name: string, actor: ApiActor) {
  return { name, via: "api", tokenId: actor.tokenId, tokenName: actor.tokenName };
}

/**
 * Creates the domain and its audit event in one transaction (writes are rare; the audit
 * event goes through recordAuditEvent like every other, with its guard against secrets).
 */
export async function createDomain(
  organizationId: string,
  input: CreateDomainInput,
  actor: ApiActor,
): Promise<DomainJson> {
  let id: string;
  try {
    id = await db.$transaction(async (tx) => {
      const created = await tx.domain.create({
        data: { organizationId, name: input.name },
        select: { id: true },
      });
      await recordAuditEvent(tx, {
        organizationId,
        actorId: null,
        action: "domain.created",
        targetType: "domain",
        targetId: created.id,
        metadata: auditMetadata(input.name, actor),
        ip: actor.ip,
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
  return getDomain(organizationId, id);
}

/** Deletes the domain, scoped to the organization, with its audit event; 404 when absent. */
export async function deleteDomain(
  organizationId: string,
  id: string,
  actor: ApiActor,
): Promise<{ id: string; name: string }> {
  if (!isUuid(id)) throw notFound("Domain");
  const where = { id, organizationId };
  return db.$transaction(async (tx) => {
    const domain = await tx.domain.findFirst({ where, select: { id: true, name: true } });
    // A concurrent delete may win between the read and the delete: then this one is a 404.
    if (!domain || (await tx.domain.deleteMany({ where })).count === 0) throw notFound("Domain");
    await recordAuditEvent(tx, {
      organizationId,
      actorId: null,
      action: "domain.deleted",
      targetType: "domain",
      targetId: domain.id,
      metadata: auditMetadata(domain.name, actor),
      ip: actor.ip,
    });
    return domain;
  });
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
