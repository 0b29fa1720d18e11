import { toApiTokenJson, tokenParamsSchema } from "@/app/api/v1/tokens/shared";
import { defineOperation } from "@/lib/api/operation";
import { getToken, updateToken } from "@/lib/services/tokens";
import { apiTokenResponseSchema, updateTokenBodySchema } from "@/lib/validations/token-api";

// The operations of /api/v1/tokens/{id}: declaration and handler (see lib/api/operation.ts).

export const getTokenOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/tokens/{id}",
    operationId: "getToken",
    summary: "Get a token",
    tag: "Tokens",
    scope: "tokens:read",
    params: tokenParamsSchema,
    responses: { 200: { schema: apiTokenResponseSchema, description: "The token." } },
  },
  async ({ token, principal, params, json }) => {
    const found = await getToken({ principal, organizationId: token.organizationId }, params.id);
    return json({ data: toApiTokenJson(found) });
  },
);

export const updateTokenOperation = defineOperation(
  {
    method: "PATCH",
    path: "/api/v1/tokens/{id}",
    operationId: "updateToken",
    summary: "Edit a token",
    description:
      "Changes the fields sent; the others keep their values. The dashboard's rules apply: a revoked token cannot be edited (409), an expired one keeps its allowlist and expiry. No privilege escalation: the result can have no scope the calling token lacks, no allowlist wider than the caller's and no later expiry than the caller's (403 `forbidden`).",
    tag: "Tokens",
    scope: "tokens:write",
    params: tokenParamsSchema,
    body: updateTokenBodySchema,
    bodyExample: { ipAllowlist: ["203.0.113.0/25"] },
    responses: { 200: { schema: apiTokenResponseSchema, description: "The token as saved." } },
    errors: ["forbidden", "conflict"],
  },
  async ({ token, principal, params, body, json, summarize }) => {
    // The fields left out keep their values: the service reads them in its transaction.
    const ctx = { principal, organizationId: token.organizationId };
    const updated = await updateToken(ctx, { ...body, tokenId: params.id });
    summarize({ response: `updated ${updated.id}` });
    return json({ data: toApiTokenJson(updated) });
  },
);
