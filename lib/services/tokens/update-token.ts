import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { isTokenExpired } from "@/lib/auth/token-expiry";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isScope } from "@/lib/permissions";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { assertWithinLifetimePolicy } from "@/lib/services/organizations/token-lifetime-policy";
import {
  expirationDateFromExpiresAt,
  expiresAtFromFormData,
  type TokenFormData,
  type TokenFormInput,
} from "@/lib/validations/token";
import { isUuid } from "@/lib/validations/uuid";
import { assertNoEscalation } from "./escalation";
import {
  assertActiveNameAvailable,
  authorizeTokenActor,
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
  /** A member (owner or admin) in the dashboard, or a token with tokens:write. */
  actor: Principal;
  tokenId: string;
  /** The fields to change; a field left out keeps its value (the form sends them all). */
  input: Partial<TokenFormInput>;
  /** The moment the expiry rules are judged at; tests pin it to either side of the boundary. */
  now?: Date;
}

type EditableFields = Pick<
  TokenFormData,
  "name" | "description" | "ipAllowlist" | "expirationDate" | "scopes"
>;
type FieldChange = { before: Prisma.InputJsonValue | null; after: Prisma.InputJsonValue | null };

/**
 * Changes a token's name, description, IP allowlist, expiration date or scopes. The token
 * value itself can never change. Revoked and rotated tokens are read-only; expired ones only
 * let their name and description change (see expiredReadOnlyFields). A token acting through
 * the API may only leave the edited token within its own grant (escalation.ts). When nothing
 * changed, nothing is written and no audit event is recorded.
 */
export async function updateToken(params: UpdateTokenParams): Promise<TokenSummary> {
  const { organizationId, actor, tokenId } = params;
  if (!isUuid(tokenId)) throw notFound("Token");
  const now = params.now ?? clock.now();

  return db.$transaction(async (tx) => {
    await lockOrganizationTokens(tx, organizationId);
    const ceiling = await authorizeTokenActor(tx, actor, {
      organizationId,
      act: { action: "edit", tokenId },
      now,
    });

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
      scopes: current.scopes.filter(isScope),
    };
    const expired = isTokenExpired(current.expiresAt, now);
    // Fields left out keep their values, read here under the organization's lock, so a PATCH
    // of one field never overwrites a concurrent edit of another (nor resets the scopes).
    const after = parseTokenInput(
      withUnchangedFields(params.input, before),
      { currentExpirationDate: before.expirationDate },
      { current: before, reasons: expiredReadOnlyFields(current.expiresAt, now) },
    );
    const expiresAt = expiresAtFromFormData(after);
    assertNoEscalation(ceiling, { ...after, expiresAt });
    const changes = diffFields(before, after);
    if (Object.keys(changes).length === 0) return toTokenSummary(current, now);
    // Only a new date must keep to the policy: a token made before it may still be renamed.
    if (changes.expirationDate) {
      await assertWithinLifetimePolicy(tx, {
        organizationId,
        expirationDate: after.expirationDate,
        now,
      });
    }

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
        scopes: after.scopes,
        expiresAt,
      },
      select: tokenSummarySelect,
    });

    await recordAuditEvent(tx, {
      organizationId,
      actor,
      action: "token.updated",
      targetType: "api_token",
      targetId: tokenId,
      metadata: { name: after.name, changes },
    });

    return toTokenSummary(row, now);
  });
}

/** The input with each field it leaves out set to the stored value, in the form's shape. */
function withUnchangedFields(
  input: Partial<TokenFormInput>,
  stored: EditableFields,
): TokenFormInput {
  return {
    name: input.name ?? stored.name,
    description: input.description ?? stored.description ?? "",
    ipAllowlist: input.ipAllowlist ?? stored.ipAllowlist.join("\n"),
    expirationDate: input.expirationDate ?? stored.expirationDate ?? "",
    scopes: input.scopes ?? stored.scopes,
  };
}

function diffFields(before: EditableFields, after: EditableFields): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of ["name", "description", "ipAllowlist", "expirationDate", "scopes"] as const) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes[field] = { before: before[field], after: after[field] };
    }
  }
  return changes;
}
