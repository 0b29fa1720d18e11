import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { isTokenExpired } from "@/lib/auth/token-expiry";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isScope } from "@/lib/permissions";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { assertWithinLifetimePolicy } from "@/lib/services/organizations/token-lifetime-policy";
import {
  expiresAtFromExpiresOn,
  expiresOnFromExpiresAt,
  TOKEN_FIELDS,
  type TokenData,
  type TokenInput,
  type TokenUpdateInput,
} from "@/lib/validations/token";
import { isUuid } from "@/lib/validations/uuid";
import { assertOrganizationDomains, domainIdsColumn, storedDomainIds } from "./domain-selection";
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

// The audit log's names of the fields, since its first event: kept so old and new agree.
const AUDIT_FIELD_NAMES: Record<keyof TokenData, string> = {
  name: "name",
  description: "description",
  ipAllowlist: "ipAllowlist",
  expiresOn: "expirationDate",
  scopes: "scopes",
  domainIds: "domainIds",
};

type FieldChange = { before: Prisma.InputJsonValue | null; after: Prisma.InputJsonValue | null };

/**
 * Changes a token's name, description, IP allowlist, expiration date or scopes. The token
 * value itself can never change. Revoked and rotated tokens are read-only; expired ones only
 * let their name and description change (see expiredReadOnlyFields). A token acting through
 * the API may only leave the edited token within its own grant (escalation.ts). When nothing
 * changed, nothing is written and no audit event is recorded. The principal: a member
 * (owner or admin) in the dashboard, or a token with tokens:write.
 */
export async function updateToken(
  ctx: ServiceContext,
  input: TokenUpdateInput,
): Promise<TokenSummary> {
  const { organizationId, principal } = ctx;
  const { tokenId, ...changes } = input;
  if (!isUuid(tokenId)) throw notFound("Token");

  return db.$transaction(async (tx) => {
    const now = clock.now();
    await lockOrganizationTokens(tx, organizationId);
    const ceiling = await authorizeTokenActor(tx, ctx, { action: "edit", tokenId }, now);

    const current = await tx.apiToken.findFirst({
      where: { id: tokenId, organizationId },
      select: tokenSummarySelect,
    });
    if (!current) throw notFound("Token");
    if (current.revokedAt) throw new AppError("conflict", REVOKED_READ_ONLY_MESSAGE);
    // Its successor carries the settings on; changing the outgoing one would split them.
    if (current.rotatedAt) throw new AppError("conflict", ROTATED_READ_ONLY_MESSAGE);

    const before: TokenData = {
      name: current.name,
      description: current.description,
      ipAllowlist: current.ipAllowlist,
      expiresOn: expiresOnFromExpiresAt(current.expiresAt),
      scopes: current.scopes.filter(isScope),
      domainIds: storedDomainIds(current.domainIds),
    };
    const expired = isTokenExpired(current.expiresAt, now);
    // Fields left out keep their values, read here under the organization's lock, so a PATCH
    // of one field never overwrites a concurrent edit of another (nor resets the scopes).
    const after = parseTokenInput(
      { ...before, ...definedFields(changes) },
      { currentExpiresOn: before.expiresOn },
      { current: before, reasons: expiredReadOnlyFields(current.expiresAt, now) },
    );
    const expiresAt = expiresAtFromExpiresOn(after.expiresOn);
    assertNoEscalation(ceiling, { ...after, expiresAt });
    const changed = TOKEN_FIELDS.filter(
      (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
    );
    if (changed.length === 0) return toTokenSummary(current, now);
    if (changed.includes("domainIds")) {
      await assertOrganizationDomains(tx, organizationId, after.domainIds);
    }
    // Only a new date must keep to the policy: a token made before it may still be renamed.
    if (changed.includes("expiresOn")) {
      await assertWithinLifetimePolicy(tx, { organizationId, expiresOn: after.expiresOn, now });
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
        domainIds: domainIdsColumn(after.domainIds),
        expiresAt,
      },
      select: tokenSummarySelect,
    });

    await recordAuditEvent(tx, {
      organizationId,
      actor: principal,
      action: "token.updated",
      targetType: "api_token",
      targetId: tokenId,
      metadata: { name: after.name, changes: auditChanges(changed, before, after) },
    });

    return toTokenSummary(row, now);
  });
}

/** The fields the input sets: one left out (or undefined) keeps its stored value (domainIds: null is all). */
function definedFields(input: Partial<TokenInput>): Partial<TokenInput> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<TokenInput>;
}

function auditChanges(
  fields: readonly (keyof TokenData)[],
  before: TokenData,
  after: TokenData,
): Record<string, FieldChange> {
  return Object.fromEntries(
    fields.map((field) => [
      AUDIT_FIELD_NAMES[field],
      { before: before[field], after: after[field] },
    ]),
  );
}
