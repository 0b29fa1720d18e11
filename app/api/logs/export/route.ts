import { clock } from "@/lib/clock";
import { csvResponseHeaders } from "@/lib/csv";
import { requestLogCsvFilename, streamRequestLogsCsv } from "@/lib/services/logs/csv";
import { defineSessionRoute, exportFilters } from "@/lib/session/session-route";
import { parseRequestLogFilters } from "@/lib/validations/logs";

// CSV export of the Access Logs page's current filters, for any member of the signed-in
// organization. The body is streamed page by page, so an export of millions of rows neither
// times out waiting for the first byte nor holds the result in memory.

export const dynamic = "force-dynamic";

export const GET = defineSessionRoute(
  { name: "logs.export", parseQuery: exportFilters(parseRequestLogFilters) },
  async ({ session, principal, query }) => {
    const now = clock.now();
    const organizationId = session.organization.id;
    const body = await streamRequestLogsCsv({ principal, organizationId }, query, { now });
    return new Response(body, { headers: csvResponseHeaders(requestLogCsvFilename(now)) });
  },
);
