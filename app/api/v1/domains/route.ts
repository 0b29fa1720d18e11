import { validate } from "@/lib/api/request-body";
import { serializedListBody } from "@/lib/api/responses";
import { methodNotAllowed, withApiAuth } from "@/lib/api/with-api-auth";
import { createDomain, listDomains } from "@/lib/services/domains/domains";
import { createDomainSchema } from "@/lib/validations/domain";
import { pageQuerySchema } from "@/lib/validations/pagination";

export const dynamic = "force-dynamic";

export const GET = withApiAuth(async ({ token, searchParams, json, summarize }) => {
  const page = validate(pageQuerySchema, Object.fromEntries(searchParams));
  const result = await listDomains(token.organizationId, page);
  summarize({
    response: `${result.itemCount} items${result.pagination.hasMore ? ", more" : ""}`,
  });
  return json(serializedListBody(result.itemsJson, result.pagination));
});

export const POST = withApiAuth(async ({ token, clientIp, readJson, json, summarize }) => {
  const input = await readJson(createDomainSchema);
  const domain = await createDomain(token.organizationId, input, {
    tokenId: token.id,
    tokenName: token.name,
    ip: clientIp,
  });
  summarize({ response: `created ${domain.id}` });
  return json(
    { data: domain },
    { status: 201, headers: { Location: `/api/v1/domains/${domain.id}` } },
  );
});

const { notAllowed, options } = methodNotAllowed(["GET", "POST"]);
export const OPTIONS = options;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
