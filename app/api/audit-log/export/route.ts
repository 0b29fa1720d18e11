import { clock } from "@/lib/clock";
import { csvResponseHeaders } from "@/lib/csv";
import { auditCsvFilename, streamAuditEventsCsv } from "@/lib/services/audit/csv";
import { defineSessionRoute, exportFilters } from "@/lib/session/session-route";
import { parseAuditEventFilters } from "@/lib/validations/audit";

// CSV export of the Audit Log page's current filters, for owners and admins of the
// signed-in organization, streamed page by page like the access-log export.

export const dynamic = "force-dynamic";

export const GET = defineSessionRoute(
  {
    name: "audit.export",
    permission: "audit:read",
    parseQuery: exportFilters(parseAuditEventFilters),
  },
  ({ session, principal, query }) => {
    const now = clock.now();
    return new Response(streamAuditEventsCsv(principal, session.organization.id, query, now), {
      headers: csvResponseHeaders(auditCsvFilename(now)),
    });
  },
);
