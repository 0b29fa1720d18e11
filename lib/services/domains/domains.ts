import { dbPool } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { CheckStatus } from "@/lib/generated/prisma/enums";
import { uuidV7 } from "@/lib/uuid-v7";
import type { CreateDomainInput, DomainJson } from "@/lib/validations/domain";
import { decodeCursor, encodeCursor, isUuid, type PageQuery } from "@/lib/validations/pagination";

// Domain data access. Every query is scoped by organizationId: an id that belongs to
// another organization behaves exactly like one that does not exist.
//
// The queries are hand-written SQL on the shared pool rather than Prisma calls: they serve
// the public API, where Prisma's per-query overhead was several times the cost of the
// query itself. Each is one round trip. (Statements are deliberately unnamed: the embedded
// database serves every connection from one session, where named statements would collide.)

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

export interface DomainPage {
  data: DomainJson[];
  pagination: { limit: number; nextCursor: string | null; hasMore: boolean };
}

// Both walk the (organization_id, created_at DESC, id DESC) index; the row comparison
// resumes strictly after the previous page's last item.
const LIST_FIRST_PAGE = `
  SELECT ${RETURNED_COLUMNS} FROM domains
   WHERE organization_id = $1::uuid
   ORDER BY created_at DESC, id DESC
   LIMIT $2`;

const LIST_NEXT_PAGE = `
  SELECT ${RETURNED_COLUMNS} FROM domains
   WHERE organization_id = $1::uuid AND (created_at, id) < ($3::timestamptz, $4::uuid)
   ORDER BY created_at DESC, id DESC
   LIMIT $2`;

/** Newest first, keyset-paginated on (createdAt, id) so pages stay stable under inserts. */
export async function listDomains(organizationId: string, page: PageQuery): Promise<DomainPage> {
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
  if (page.cursor !== undefined && !after) {
    throw new AppError("validation_error", "Request validation failed", {
      fieldErrors: { cursor: ["cursor is not valid; use the nextCursor of a previous page"] },
    });
  }
  // One extra row tells whether another page follows.
  const { rows } = after
    ? await dbPool.query<DomainRow>({
        text: LIST_NEXT_PAGE,
        values: [organizationId, page.limit + 1, after.createdAt, after.id],
      })
    : await dbPool.query<DomainRow>({
        text: LIST_FIRST_PAGE,
        values: [organizationId, page.limit + 1],
      });
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  const last = items.at(-1);
  return {
    data: items.map(toDomainJson),
    pagination: {
      limit: page.limit,
      nextCursor:
        hasMore && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
      hasMore,
    },
  };
}

const GET_DOMAIN = `
  SELECT ${RETURNED_COLUMNS} FROM domains WHERE id = $1::uuid AND organization_id = $2::uuid`;

export async function getDomain(organizationId: string, id: string): Promise<DomainJson> {
  if (!isUuid(id)) throw notFound("Domain");
  const { rows } = await dbPool.query<DomainRow>({
    text: GET_DOMAIN,
    values: [id, organizationId],
  });
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
