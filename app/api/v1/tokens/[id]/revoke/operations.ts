import { toApiTokenJson, tokenParamsSchema } from "@/app/api/v1/tokens/shared";
import { defineOperation } from "@/lib/api/operation";
import { revokeToken } from "@/lib/services/tokens";
import { apiTokenResponseSchema } from "@/lib/validations/token-api";

// The operations of /api/v1/tokens/{id}/revoke: declaration and handler (see
// lib/api/operation.ts).

export const revokeTokenOperation = defineOperation(
  {
    method: "POST",
    path: "/api/v1/tokens/{id}/revoke",
    operationId: "revokeToken",
    summary: "Revoke a token",
    description:
      "Revokes the token at once: its next request is refused. Final. A token may always revoke itself, whatever its scopes (`tokens:write` is needed for any other token).",
    tag: "Tokens",
    scope: "tokens:write",
    selfTokenParam: "id",
    params: tokenParamsSchema,
    responses: { 200: { schema: apiTokenResponseSchema, description: "The revoked token." } },
    errors: ["conflict"],
  },
  async ({ token, principal, params, json, summarize }) => {
    const ctx = { principal, organizationId: token.organizationId };
    const revoked = await revokeToken(ctx, { tokenId: params.id });
    summarize({ response: `revoked ${revoked.id}` });
    return json({ data: toApiTokenJson(revoked) });
  },
);
