import { dbPool } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { CheckStatus } from "@/lib/generated/prisma/enums";
import { preparedQuery } from "@/lib/prepared-statements";
import { uuidV7 } from "@/lib/uuid-v7";
import type { CreateDomainInput, DomainJson } from "@/lib/validations/domain";
import { decodeCursor, encodeCursor, isUuid, type PageQuery } from "@/lib/validations/pagination";

// Domain data access. Every query is scoped by organizationId: an id that belongs to
// another organization behaves exactly like one that does not exist.
//
// The queries are hand-written SQL on the shared pool rather than Prisma calls: they serve
// the public API, where Prisma's per-query overhead was several times the cost of the
// query itself. Each is one round trip. The reads run as named prepared statements where
// the database allows it (`preparedQuery`).

const RETURNED_COLUMNS = `id::text AS id, name, spf_status::text AS spf_status,
  dkim_status::text AS dkim_status, dmarc_status::text AS dmarc_status, dmarc_policy,
  last_checked_at, created_at`;

interface DomainRow {
  id: string;
  name: string;
  spf_status: CheckStatus;
  dkim_status: CheckStatus;
  dmarc_status: CheckStatus;
  dmarc_policy: string | null;
  last_checked_at: Date | null;
  created_at: Date;
}

export function toDomainJson(row: DomainRow): DomainJson {
  return {
    id: row.id,
    name: row.name,
    spfStatus: lowerStatus(row.spf_status),
    dkimStatus: lowerStatus(row.dkim_status),
    dmarcStatus: lowerStatus(row.dmarc_status),
    dmarcPolicy: row.dmarc_policy,
    lastCheckedAt: row.last_checked_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

function lowerStatus(status: CheckStatus): DomainJson["spfStatus"] {
  return status.toLowerCase() as DomainJson["spfStatus"];
}

/**
 * A page of domains whose items are already serialized: `itemsJson` is a JSON array of
 * exactly what `toDomainJson` returns for each row, newest first.
 */
export interface SerializedDomainPage {
  itemsJson: string;
  itemCount: number;
  pagination: { limit: number; nextCursor: string | null; hasMore: boolean };
}

// PostgreSQL serializes the page. The list is the API's hot read, and turning ten rows into
// objects, parsing their dates and stringifying them again in this process cost more server
// CPU than the rest of the handler (see docs/performance.md); the database does the same
// work in C. Each item is the row of a lateral subselect whose columns carry the JSON names,
// so row_to_json produces compact JSON in toDomainJson's key order;
// `domains.test.ts` holds the two serializations equal.
const ISO_8601_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const DOMAIN_JSON_FIELDS = `d.id::text AS "id", d.name AS "name",
  lower(d.spf_status::text) AS "spfStatus", lower(d.dkim_status::text) AS "dkimStatus",
  lower(d.dmarc_status::text) AS "dmarcStatus", d.dmarc_policy AS "dmarcPolicy",
  to_char(d.last_checked_at AT TIME ZONE 'UTC', ${ISO_8601_UTC}) AS "lastCheckedAt",
  to_char(d.created_at AT TIME ZONE 'UTC', ${ISO_8601_UTC}) AS "createdAt"`;

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

const GET_DOMAIN = `
  SELECT ${RETURNED_COLUMNS} FROM domains WHERE id = $1::uuid AND organization_id = $2::uuid`;

export async function getDomain(organizationId: string, id: string): Promise<DomainJson> {
  if (!isUuid(id)) throw notFound("Domain");
  const { rows } = await dbPool.query<DomainRow>(
    preparedQuery("ms_get_domain", GET_DOMAIN, [id, organizationId]),
  );
  const domain = rows[0];
  if (!domain) throw notFound("Domain");
  return toDomainJson(domain);
}

/** Who changed a domain through the API, for the audit log. */
export interface ApiActor {
  tokenId: string;
  tokenName: string;
  ip: string | null;
}

// The change and its audit event are written by one statement: atomic like a transaction,
// but a single round trip that never holds a pooled connection while JavaScript runs, so
// bursts of writes cannot starve the pool. The audit metadata is built from fixed fields
// only (never token material).
const INSERT_DOMAIN_WITH_AUDIT = `
  WITH created AS (
    INSERT INTO domains (id, organization_id, name, created_at, updated_at)
    VALUES ($1::uuid, $2::uuid, $3, now(), now())
    RETURNING ${RETURNED_COLUMNS}
  ), audit AS (
    INSERT INTO audit_events (id, organization_id, actor_id, action, target_type, target_id, metadata, ip, created_at)
    SELECT $4::uuid, $2::uuid, NULL, 'domain.created', 'domain', created.id,
           jsonb_build_object('name', created.name, 'via', 'api', 'tokenId', $5::text, 'tokenName', $6::text),
           $7, now()
      FROM created
  )
  SELECT * FROM created`;

const DELETE_DOMAIN_WITH_AUDIT = `
  WITH deleted AS (
    DELETE FROM domains WHERE id = $1::uuid AND organization_id = $2::uuid
    RETURNING ${RETURNED_COLUMNS}
  ), audit AS (
    INSERT INTO audit_events (id, organization_id, actor_id, action, target_type, target_id, metadata, ip, created_at)
    SELECT $3::uuid, $2::uuid, NULL, 'domain.deleted', 'domain', deleted.id,
           jsonb_build_object('name', deleted.name, 'via', 'api', 'tokenId', $4::text, 'tokenName', $5::text),
           $6, now()
      FROM deleted
  )
  SELECT * FROM deleted`;

export async function createDomain(
  organizationId: string,
  input: CreateDomainInput,
  actor: ApiActor,
): Promise<DomainJson> {
  try {
    const { rows } = await dbPool.query<DomainRow>(INSERT_DOMAIN_WITH_AUDIT, [
      uuidV7(),
      organizationId,
      input.name,
      uuidV7(),
      actor.tokenId,
      actor.tokenName,
      actor.ip,
    ]);
    return toDomainJson(rows[0]!);
  } catch (error) {
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
      throw new AppError(
        "conflict",
        `The domain ${input.name} already exists in this organization`,
      );
    }
    throw error;
  }
}

/** Deletes the domain in one statement scoped to the organization; 404 when absent. */
export async function deleteDomain(
  organizationId: string,
  id: string,
  actor: ApiActor,
): Promise<DomainJson> {
  if (!isUuid(id)) throw notFound("Domain");
  const { rows } = await dbPool.query<DomainRow>(DELETE_DOMAIN_WITH_AUDIT, [
    id,
    organizationId,
    uuidV7(),
    actor.tokenId,
    actor.tokenName,
    actor.ip,
  ]);
  const deleted = rows[0];
  if (!deleted) throw notFound("Domain");
  return toDomainJson(deleted);
}

const UNIQUE_VIOLATION = "23505";
