import { csvResponseHeaders } from "@/lib/csv";
import { can, forbiddenMessage } from "@/lib/permissions";
import { auditCsvFilename, streamAuditEventsCsv } from "@/lib/services/audit/csv";
import { getSessionContext } from "@/lib/session/session";
import { parseAuditEventFilters } from "@/lib/validations/audit";

// CSV export of the Audit Log page's current filters, for owners and admins of the
// signed-in organization, streamed page by page like the access-log export.

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET(request: Request): Promise<Response> {
  const session = await getSessionContext();
  if (!session) {
    return Response.json(
      { error: { code: "unauthorized", message: "Sign in to export the audit log." } },
      { status: 401, headers: NO_STORE },
    );
  }
  if (!can(session.role, "audit:read")) {
    return Response.json(
      { error: { code: "forbidden", message: forbiddenMessage("audit:read") } },
      { status: 403, headers: NO_STORE },
    );
  }
  // The page's Export link carries only filters the page accepted; anything else comes
  // from a hand-made URL and is refused rather than exporting other rows than asked for.
  const params = new URL(request.url).searchParams;
  params.delete("cursor");
  params.delete("limit");
  const { filters, issues } = parseAuditEventFilters(params);
  if (issues.length > 0) {
    return Response.json(
      { error: { code: "validation_error", message: "Invalid export filters.", issues } },
      { status: 422, headers: NO_STORE },
    );
  }
  const now = new Date();
  return new Response(
    streamAuditEventsCsv(
      { kind: "user", userId: session.user.id, ip: null },
      session.organization.id,
      filters,
      now,
    ),
    {
      headers: csvResponseHeaders(auditCsvFilename(now)),
    },
  );
}
