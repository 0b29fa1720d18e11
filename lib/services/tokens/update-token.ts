import "server-only";
import { isTokenExpired } from "@/lib/auth/token-expiry";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import {
  expirationDateFromExpiresAt,
  expiresAtFromFormData,
  type TokenFormData,
  type TokenFormInput,
} from "@/lib/validations/token";
import { isUuid } from "@/lib/validations/uuid";
import {
  assertActiveNameAvailable,
  assertCanManageTokens,
  expiredReadOnlyFields,
  lockOrganizationTokens,
} from "./guards";
import { tokenSummarySelect, toTokenSummary } from "./token-summary";
import type { TokenSummary } from "./types";
import { parseTokenInput } from "./validate";

export const REVOKED_READ_ONLY_MESSAGE = "Revoked tokens cannot be edited";
export const ROTATED_READ_ONLY_MESSAGE =
  "Rotated tokens cannot be edited: edit the token that replaced it";

export interface UpdateTokenParams {
  organizationId: string;
  actorId: string;
  ip: string | null;
  tokenId: string;
  input: TokenFormInput;
  /** The moment the expiry rules are judged at; tests pin it to either side of the boundary. */
  now?: Date;
}

type EditableFields = Pick<
  TokenFormData,
  "name" | "description" | "ipAllowlist" | "expirationDate"
>;
type FieldChange = { before: Prisma.InputJsonValue | null; after: Prisma.InputJsonValue | null };

/**
 * Changes a token's name, description, IP allowlist or expiration date. The token value
 * itself can never change. Revoked and rotated tokens are read-only; expired ones only let
 * their name and description change (see expiredReadOnlyFields). When nothing changed,
 * nothing is written and no audit event is recorded.
 */
export async function updateToken(params: UpdateTokenParams): Promise<TokenSummary> {
  const { organizationId, actorId, tokenId } = params;
  if (!isUuid(tokenId)) throw notFound("Token");

  return db.$transaction(async (tx) => {
    await assertCanManageTokens(tx, { organizationId, actorId, requireApiPlan: false });
    await lockOrganizationTokens(tx, organizationId);

    const current = await tx.apiToken.findFirst({
      where: { id: tokenId, organizationId },
      select: tokenSummarySelect,
    });
    if (!current) throw notFound("Token");
    if (current.revokedAt) throw new AppError("conflict", REVOKED_READ_ONLY_MESSAGE);
    // Its successor carries the settings on; changing the outgoing one would split them.
    if (current.rotatedAt) throw new AppError("conflict", ROTATED_READ_ONLY_MESSAGE);

    const before: EditableFields = {
      name: current.name,
      description: current.description,
      ipAllowlist: current.ipAllowlist,
      expirationDate: current.expiresAt ? expirationDateFromExpiresAt(current.expiresAt) : null,
    };
    const now = params.now ?? new Date();
    const expired = isTokenExpired(current.expiresAt, now);
    const after = parseTokenInput(
      params.input,
      { currentExpirationDate: before.expirationDate },
      { current: before, reasons: expiredReadOnlyFields(current.expiresAt, now) },
    );
    const changes = diffFields(before, after);
    if (Object.keys(changes).length === 0) return toTokenSummary(current, now);

    const expiresAt = expiresAtFromFormData(after);
    // Renaming an active token must not create a second active token with the same name.
    // An expired token stays expired, so its name clashes with nothing.
    if (!expired) {
      await assertActiveNameAvailable(tx, {
        organizationId,
        name: after.name,
        now,
        exceptTokenId: tokenId,
      });
    }

    const row = await tx.apiToken.update({
      where: { id: tokenId },
      data: {
        name: after.name,
        description: after.description,
        ipAllowlist: after.ipAllowlist,
        expiresAt,
      },
      select: tokenSummarySelect,
    });

    await recordAuditEvent(tx, {
      organizationId,
      actorId,
      action: "token.updated",
      targetType: "api_token",
      targetId: tokenId,
      metadata: { name: after.name, changes },
      ip: params.ip,
    });

    return toTokenSummary(row, now);
  });
}

function diffFields(before: EditableFields, after: EditableFields): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of ["name", "description", "ipAllowlist", "expirationDate"] as const) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes[field] = { before: before[field], after: after[field] };
    }
  }
  return changes;
}
