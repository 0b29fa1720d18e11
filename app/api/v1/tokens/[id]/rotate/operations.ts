import { toApiTokenJson, tokenParamsSchema } from "@/app/api/v1/tokens/shared";
import { defineOperation } from "@/lib/api/operation";
import { dateFromExpiryInstant } from "@/lib/auth/token-expiry";
import { rotateToken } from "@/lib/services/tokens";
import { rotatedApiTokenResponseSchema, rotateTokenBodySchema } from "@/lib/validations/token-api";

// The operations of /api/v1/tokens/{id}/rotate: declaration and handler (see
// lib/api/operation.ts).

export const rotateTokenOperation = defineOperation(
  {
    method: "POST",
    path: "/api/v1/tokens/{id}/rotate",
    operationId: "rotateToken",
    summary: "Rotate a token",
    description:
      "Replaces the token with a new one that keeps its name, description, scopes and allowlist. Its expiry is `expiresOn` when given (within the organization's maximum token lifetime, like a new token's), else the old token's; under the maximum lifetime that kept expiry is clamped to it like any new token's, and `data.expiryLimitedByPolicy` says so. The new token's value is in `data.token`, in this response only. The old token keeps working for `gracePeriodSeconds` (never past its own expiry), or until the new token is first used with `expireOnFirstUse`; its requests meanwhile are marked in the access log. A revoked, expired or already rotated token cannot be rotated (409). A token may always rotate itself, whatever its scopes (`tokens:write` is needed for any other token); no privilege escalation: a token cannot rotate one into a token with a scope it lacks, a wider allowlist or a later expiry (403 `forbidden`). A rotated token in its grace period can still call the API but can manage no token (403 `forbidden`), except revoke itself.",
    tag: "Tokens",
    scope: "tokens:write",
    selfTokenParam: "id",
    params: tokenParamsSchema,
    body: rotateTokenBodySchema,
    bodyExample: { gracePeriodSeconds: 3600, expireOnFirstUse: true },
    responses: {
      201: {
        schema: rotatedApiTokenResponseSchema,
        description:
          "The new token; `data.token` holds its value, shown this once, and `data.predecessorId` names the old one.",
        headers: { Location: "URL of the new token." },
      },
    },
    errors: ["forbidden", "conflict"],
  },
  async ({ token, principal, params, body, json, summarize }) => {
    const ctx = { principal, organizationId: token.organizationId };
    const rotated = await rotateToken(ctx, { ...body, tokenId: params.id });
    const { summary, expiryLimitedByPolicy: limited } = rotated;
    summarize({ response: `rotated ${params.id} into ${summary.id}` });
    const expiryLimitedByPolicy = limited && {
      maxLifetimeDays: limited.maxLifetimeDays,
      predecessorExpiresOn:
        limited.predecessorExpiresAt && dateFromExpiryInstant(limited.predecessorExpiresAt),
      message: limited.message,
    };
    return json(
      { data: { ...toApiTokenJson(summary), token: rotated.token, expiryLimitedByPolicy } },
      { status: 201, headers: { Location: `/api/v1/tokens/${summary.id}` } },
    );
  },
);
