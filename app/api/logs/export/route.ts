import { clock } from "@/lib/clock";
import { csvResponseHeaders } from "@/lib/csv";
import { requestLogCsvFilename, streamRequestLogsCsv } from "@/lib/services/logs/csv";
import { getSessionContext } from "@/lib/session/session";
import { parseRequestLogFilters } from "@/lib/validations/logs";

// CSV export of the Access Logs page's current filters, for the signed-in organization.
// The body is streamed page by page, so an export of millions of rows neither times out
// waiting for the first byte nor holds the result in memory.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const session = await getSessionContext();
  if (!session) {
    return Response.json(
      { error: { code: "unauthorized", message: "Sign in to export access logs." } },
      { status: 401 },
    );
  }

  // The page's Export link carries only the filters the page accepted. A parameter the page
  // would have ignored therefore comes from a hand-made URL: refuse it rather than export
  // more (or other) rows than were asked for. Paging parameters mean nothing to an export.
  const params = new URL(request.url).searchParams;
  params.delete("cursor");
  params.delete("limit");
  const { filters, issues } = parseRequestLogFilters(params);
  if (issues.length > 0) {
    return Response.json(
      { error: { code: "validation_error", message: "Invalid export filters.", issues } },
      { status: 422, headers: { "Cache-Control": "no-store" } },
    );
  }
  const now = clock.now();
  const body = streamRequestLogsCsv(session.organization.id, filters, { now });

  return new Response(body, { headers: csvResponseHeaders(requestLogCsvFilename(now)) });
}
