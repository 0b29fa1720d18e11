import { toApiTokenJson } from "@/app/api/v1/tokens/shared";
import { defineOperation } from "@/lib/api/operation";
import { SELF_SCOPE } from "@/lib/permissions";
import { getToken } from "@/lib/services/tokens";
import { apiTokenResponseSchema } from "@/lib/validations/token-api";

// The operations of /api/v1/tokens/self: declaration and handler (see lib/api/operation.ts).

// A verify endpoint: any valid token may read its own metadata, whatever its scopes, to
// check what it may do and until when before it is needed.
export const getSelfTokenOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/tokens/self",
    operationId: "getSelfToken",
    summary: "Get the calling token",
    description:
      "The metadata of the token the request is made with: its scopes, allowlist and expiry. Open to every valid token, whatever its scopes.",
    tag: "Tokens",
    scope: SELF_SCOPE,
    responses: { 200: { schema: apiTokenResponseSchema, description: "The calling token." } },
  },
  async ({ token, principal, json }) => {
    const self = await getToken({ principal, organizationId: token.organizationId }, token.id);
    return json({ data: toApiTokenJson(self) });
  },
);
