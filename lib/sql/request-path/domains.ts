import "server-only";
import { dbPool } from "@/lib/db";
import { type DomainJson, domainSchema } from "@/lib/validations/domain";
import { preparedQuery } from "./prepared";

// The public API's domain reads, serialized by PostgreSQL. Measured (docs/performance.md,
// "The domain page serialized by PostgreSQL" and components): the page with its response
// body costs 189–198 µs of server CPU against 240–318 µs when rows were turned into objects
// and stringified here, and the database 235 µs named against 495 µs unnamed. Each read is
// one round trip on the shared pool, run as a named prepared statement where the database
// allows it. Every statement is scoped by organization.

// The JSON of a domain in /api/v1 responses is declared once, by `domainSchema`. PostgreSQL
// builds it for every endpoint from the expressions below: one per key of the schema
// (TypeScript refuses a missing or extra key), emitted in the schema's key order, so that
// row_to_json yields compact JSON exactly as the schema describes it.
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

// One round trip, one pass (495 µs of database CPU unnamed, against 640 µs for the first
// form with two CTEs). The inner query walks the (organization_id, created_at DESC, id DESC)
// index and takes one row more than the page, which tells whether another page follows;
// the row comparison resumes strictly after the previous page's last item. The item at
// position `limit` is the last one shown, whose position becomes the next cursor.
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
// A token limited to selected domains (null selection: the statements above): the same
// walk, keeping only the selected ids, so every page and its cursor stay correct.
const LIST_FIRST_SELECTED_PAGE = listPageSql("AND id = ANY($3::uuid[])");
const LIST_NEXT_SELECTED_PAGE = listPageSql(
  "AND id = ANY($3::uuid[]) AND (created_at, id) < ($4::timestamptz, $5::uuid)",
);

/** A page as PostgreSQL returns it: the items as one JSON array, and where the page ends. */
export interface SerializedDomainPageRow {
  /** Rows read: the page plus at most one more (then another page follows). */
  fetched_count: number;
  items_json: string;
  last_created_at: Date | null;
  last_id: string | null;
}

/**
 * The organization's domains newest first, `limit` of them after `after` (if given), only
 * those of `selection` unless it is null.
 */
export async function readSerializedDomainPage(
  organizationId: string,
  limit: number,
  after: { createdAt: Date; id: string } | null,
  selection: readonly string[] | null = null,
): Promise<SerializedDomainPageRow> {
  if (selection !== null) {
    const ids = [...selection];
    const { rows } = after
      ? await dbPool.query<SerializedDomainPageRow>(
          preparedQuery("ms_list_selected_domains_after", LIST_NEXT_SELECTED_PAGE, [
            organizationId,
            limit,
            ids,
            after.createdAt,
            after.id,
          ]),
        )
      : await dbPool.query<SerializedDomainPageRow>(
          preparedQuery("ms_list_selected_domains", LIST_FIRST_SELECTED_PAGE, [
            organizationId,
            limit,
            ids,
          ]),
        );
    return rows[0]!;
  }
  const { rows } = after
    ? await dbPool.query<SerializedDomainPageRow>(
        preparedQuery("ms_list_domains_after", LIST_NEXT_PAGE, [
          organizationId,
          limit,
          after.createdAt,
          after.id,
        ]),
      )
    : await dbPool.query<SerializedDomainPageRow>(
        preparedQuery("ms_list_domains", LIST_FIRST_PAGE, [organizationId, limit]),
      );
  return rows[0]!;
}

const GET_DOMAIN_JSON = `
  SELECT row_to_json(item)::text AS json
    FROM domains d CROSS JOIN LATERAL (SELECT ${DOMAIN_JSON_FIELDS}) item
   WHERE d.id = $1::uuid AND d.organization_id = $2::uuid`;

/** One domain of the organization as `domainSchema` describes it, or null. */
export async function readDomainJson(
  organizationId: string,
  id: string,
): Promise<DomainJson | null> {
  const { rows } = await dbPool.query<{ json: string }>(
    preparedQuery("ms_get_domain_json", GET_DOMAIN_JSON, [id, organizationId]),
  );
  return rows[0] ? (JSON.parse(rows[0].json) as DomainJson) : null;
}
