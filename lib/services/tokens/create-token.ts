import "server-only";
import { generateApiToken } from "@/lib/auth/token";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { expiresAtFromFormData, type TokenFormInput } from "@/lib/validations/token";
import { assertActiveNameAvailable, assertCanManageTokens, lockOrganizationTokens } from "./guards";
import { tokenSummarySelect, toTokenSummary } from "./token-summary";
import type { TokenSummary } from "./types";
import { parseTokenInput } from "./validate";

export interface CreateTokenParams {
  organizationId: string;
  actorId: string;
  /** The actor's IP, for the audit event. */
  ip: string | null;
  input: TokenFormInput;
}

export interface CreatedToken {
  /** The plaintext token. Show it once; it cannot be recovered afterwards. */
  token: string;
  summary: TokenSummary;
}

/**
 * Creates a token for an owner or admin of an organization whose plan includes API
 * access. Only the token's SHA-256 and last four characters are stored; the plaintext is
 * returned to the caller and exists nowhere else.
 */
export async function createToken(params: CreateTokenParams): Promise<CreatedToken> {
  const { organizationId, actorId } = params;
  const generated = generateApiToken();

  const summary = await db.$transaction(async (tx) => {
    await assertCanManageTokens(tx, { organizationId, actorId, requireApiPlan: true });
    const data = parseTokenInput(params.input);
    const now = new Date();

    await lockOrganizationTokens(tx, organizationId);
    await assertActiveNameAvailable(tx, { organizationId, name: data.name, now });

    const row = await tx.apiToken.create({
      data: {
        organizationId,
        name: data.name,
        description: data.description,
        tokenHash: generated.tokenHash,
        lastFour: generated.lastFour,
        ipAllowlist: data.ipAllowlist,
        expiresAt: expiresAtFromFormData(data),
        createdById: actorId,
      },
      select: tokenSummarySelect,
    });

    await recordAuditEvent(tx, {
      organizationId,
      actorId,
      action: "token.created",
      targetType: "api_token",
      targetId: row.id,
      metadata: {
        name: data.name,
        description: data.description,
        ipAllowlist: data.ipAllowlist,
        expirationDate: data.expirationDate,
      },
      ip: params.ip,
    });

    return toTokenSummary(row, now);
  });

  return { token: generated.token, summary };
}
