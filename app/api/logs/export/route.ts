import { getSessionContext } from "@/lib/auth/session";
import { requestLogCsvFilename, streamRequestLogsCsv } from "@/lib/services/logs/csv";
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

  // Invalid parameters are dropped exactly as the page drops them, so the file matches
  // what the user saw.
  const { filters } = parseRequestLogFilters(new URL(request.url).searchParams);
  const now = new Date();
  const body = streamRequestLogsCsv(session.organization.id, filters, { now });

  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${requestLogCsvFilename(now)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
