import { methodNotAllowed, withApiAuth } from "@/lib/api/with-api-auth";
import { deleteDomain, getDomain } from "@/lib/services/domains/domains";

export const dynamic = "force-dynamic";

export const GET = withApiAuth<{ id: string }>(async ({ token, params, json }) => {
  return json({ data: await getDomain(token.organizationId, params.id) });
});

// 204 No Content: the client already knows the id, and an empty body cannot be misread.
export const DELETE = withApiAuth<{ id: string }>(
  async ({ token, params, clientIp, noContent, summarize }) => {
    const deleted = await deleteDomain(token.organizationId, params.id, {
      tokenId: token.id,
      tokenName: token.name,
      ip: clientIp,
    });
    summarize({ response: `deleted ${deleted.name}` });
    return noContent();
  },
);

const { notAllowed, options } = methodNotAllowed(["GET", "DELETE"]);
export const OPTIONS = options;
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
