import { tokenParamsSchema } from "@/app/api/v1/tokens/shared";
import { defineOperation } from "@/lib/api/operation";
import { getTokenUsage, type TokenUsage } from "@/lib/services/tokens";
import { tokenUsageResponseSchema } from "@/lib/validations/token-usage-api";

// The operations of /api/v1/tokens/{id}/usage: declaration and handler (see
// lib/api/operation.ts).

export const getTokenUsageOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/tokens/{id}/usage",
    operationId: "getTokenUsage",
    summary: "Get a token's usage (Access advisor)",
    description:
      "For each scope the token holds: its last use and requests in the last 30 and 90 days; the operations it called (method and path template) with counts. Only accepted requests count, from a daily rollup kept within the log retention.",
    tag: "Tokens",
    scope: "tokens:read",
    params: tokenParamsSchema,
    responses: { 200: { schema: tokenUsageResponseSchema, description: "The token's usage." } },
  },
  async ({ token, principal, params, json }) => {
    const usage = await getTokenUsage(
      { principal, organizationId: token.organizationId },
      params.id,
    );
    return json({ data: toUsageJson(usage) });
  },
);

function toUsageJson(usage: TokenUsage) {
  return {
    tokenId: usage.tokenId,
    since: usage.since90d.toISOString(),
    unused: usage.unused,
    scopes: usage.scopes.map((scope) => ({
      ...scope,
      lastUsedAt: scope.lastUsedAt?.toISOString() ?? null,
    })),
    usedScopes: usage.usedScopes,
    operations: usage.operations.map((operation) => ({
      ...operation,
      lastUsedAt: operation.lastUsedAt.toISOString(),
    })),
  };
}
