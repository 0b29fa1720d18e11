import { API_OPERATIONS } from "@/app/api/v1/operations";
import { requestIdFor } from "@/lib/api/responses";
import { buildOpenApiDocument } from "@/lib/openapi/document";

// Public: the API's description is not a secret, and tools fetch it without credentials.
export const dynamic = "force-dynamic";

let cachedDocument: string | undefined;

export async function GET(req: Request): Promise<Response> {
  cachedDocument ??= JSON.stringify(buildOpenApiDocument(API_OPERATIONS));
  const document = JSON.parse(cachedDocument) as Record<string, unknown>;
  document.servers = [{ url: new URL(req.url).origin }];
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "X-Request-Id": requestIdFor(req.headers),
      "Access-Control-Allow-Origin": "*",
    },
  });
}
