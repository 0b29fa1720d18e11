import { toApiTokenJson } from "@/app/api/v1/tokens/shared";
import { defineOperation } from "@/lib/api/operation";
import { pageSummary } from "@/lib/api/responses";
import { createToken, listTokenPage } from "@/lib/services/tokens";
import {
  apiTokenListSchema,
  createdApiTokenResponseSchema,
  createTokenBodySchema,
  tokenListQuerySchema,
} from "@/lib/validations/token-api";

// The operations of /api/v1/tokens: declaration and handler (see lib/api/operation.ts).

export const listTokensOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/tokens",
    operationId: "listTokens",
    summary: "List tokens",
    description:
      "The organization's API tokens, revoked and expired ones included, newest first, with cursor pagination. Metadata only: a token's value is shown once, when it is created.",
    tag: "Tokens",
    scope: "tokens:read",
    query: tokenListQuerySchema,
    responses: { 200: { schema: apiTokenListSchema, description: "A page of tokens." } },
  },
  async ({ token, principal, query, json, summarize }) => {
    const page = await listTokenPage({ principal, organizationId: token.organizationId }, query);
    summarize({ response: pageSummary(page.items.length, "token", page.pagination.hasMore) });
    return json({ data: page.items.map(toApiTokenJson), pagination: page.pagination });
  },
);

export const createTokenOperation = defineOperation(
  {
    method: "POST",
    path: "/api/v1/tokens",
    operationId: "createToken",
    summary: "Create a token",
    description:
      "Creates a token with the dashboard's rules. The new token's value is in `data.token`, in this response only. No privilege escalation: the new token can have no scope the calling token lacks, no allowlist wider than the caller's (when it has one), and no expiry later than the caller's (when it has one); otherwise 403 `forbidden`.",
    tag: "Tokens",
    scope: "tokens:write",
    body: createTokenBodySchema,
    bodyExample: { name: "Deploy from CI", scopes: ["domains:read"], expiresOn: "2099-12-31" },
    responses: {
      201: {
        schema: createdApiTokenResponseSchema,
        description: "The token was created; `data.token` holds its value, shown this once.",
        headers: { Location: "URL of the new token." },
      },
    },
    errors: ["forbidden"],
  },
  async ({ token, principal, body, json, summarize }) => {
    const created = await createToken({ principal, organizationId: token.organizationId }, body);
    const { summary } = created;
    summarize({ response: `created ${summary.id}` });
    return json(
      { data: { ...toApiTokenJson(summary), token: created.token } },
      { status: 201, headers: { Location: `/api/v1/tokens/${summary.id}` } },
    );
  },
);
