import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { generateApiToken } from "@/lib/auth/token";
import { isTokenExpired } from "@/lib/auth/token-expiry";
import { type ExpiryLimitedByPolicy, successorExpiry } from "@/lib/auth/token-lifetime-policy";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isScope } from "@/lib/permissions";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import {
  assertWithinLifetimePolicy,
  getTokenLifetimePolicy,
} from "@/lib/services/organizations/token-lifetime-policy";
import { fieldErrorsFromIssues } from "@/lib/validations/forms";
import { expiresAtFromExpiresOn, tokenInputSchema } from "@/lib/validations/token";
import {
  type RotationInput,
  rotationEndsAt,
  rotationInputSchema,
} from "@/lib/validations/token-rotation";
import { isUuid } from "@/lib/validations/uuid";
import { assertOrganizationDomains, domainIdsColumn, storedDomainIds } from "./domain-selection";
import { assertNoEscalation } from "./escalation";
import { authorizeTokenActor, lockOrganizationTokens } from "./guards";
import { announceNewToken } from "./new-tokens";
import { tokenMaker } from "./token-maker";
import { tokenSummarySelect, toTokenSummary } from "./token-summary";
import type { TokenSummary } from "./types";

export const ROTATE_REVOKED_MESSAGE = "A revoked token cannot be rotated";
export const ROTATE_EXPIRED_MESSAGE = "An expired token cannot be rotated; create a new token";
export const ROTATE_ROTATED_MESSAGE =
  "This token has already been rotated; rotate the token that replaced it";

/** Which token to rotate, and how its grace period ends (rotationInputSchema). */
export interface RotateTokenInput extends RotationInput {
  tokenId: string;
}

export interface RotatedToken {
  /** The successor's plaintext. Show it once; it cannot be recovered afterwards. */
  token: string;
  /** The successor. */
  summary: TokenSummary;
  /** The rotated token, now "rotated" with its grace end and a link to the successor. */
  predecessor: TokenSummary;
  /** Set when the lifetime policy gave the successor an earlier expiry than its predecessor's. */
  expiryLimitedByPolicy: ExpiryLimitedByPolicy | null;
}

// The columns the successor copies, beyond what a summary shows.
const rotationSourceSelect = {
  ...tokenSummarySelect,
  scopes: true,
} satisfies Prisma.ApiTokenSelect;

/**
 * Replaces a working token by a new one with the same name, description, scopes and
 * allowlist. Its expiry is the date chosen (`expiresOn`, judged like a new token's: refused
 * beyond the organization's lifetime policy), or when none is chosen the old token's,
 * clamped to the policy (successorExpiry; the result says so). The old token keeps working until the end of its
 * grace period (never past its expiry; "immediately" ends it at once), or until the
 * successor is first used when `expireOnFirstUse` (lib/api/pipeline.ts). Revoked, expired
 * and already rotated tokens are refused with a conflict. One transaction under the
 * organization's token lock, audited as `token.rotated` on the old token. A token acting
 * through the API may rotate itself, or a token whose successor is within its own grant
 * (escalation.ts): the successor is what it hands out.
 */
export async function rotateToken(
  ctx: ServiceContext,
  input: RotateTokenInput,
): Promise<RotatedToken> {
  const { organizationId, principal } = ctx;
  const { tokenId } = input;
  if (!isUuid(tokenId)) throw notFound("Token");
  const choice = parseRotationChoice(input);
  const generated = generateApiToken();

  const result = await db.$transaction(async (tx) => {
    const now = clock.now();
    await lockOrganizationTokens(tx, organizationId);
    // Rotation creates a token, so it needs a plan with API access, like creation.
    const ceiling = await authorizeTokenActor(tx, ctx, { action: "rotate", tokenId }, now);

    const current = await tx.apiToken.findFirst({
      where: { id: tokenId, organizationId },
      select: rotationSourceSelect,
    });
    if (!current) throw notFound("Token");
    assertRotatable(current, now);
    const expiry = await chooseSuccessorExpiry(tx, {
      organizationId,
      expiresOn: choice.expiresOn,
      predecessorExpiresAt: current.expiresAt,
      now,
    });
    // The successor keeps the old token's domains unless the rotation chooses others.
    const domainIds =
      choice.domainIds === undefined ? storedDomainIds(current.domainIds) : choice.domainIds;
    assertNoEscalation(ceiling, {
      scopes: current.scopes.filter(isScope),
      ipAllowlist: current.ipAllowlist,
      expiresAt: expiry.expiresAt,
      domainIds,
    });
    await assertOrganizationDomains(tx, organizationId, domainIds);

    const successor = await tx.apiToken.create({
      data: {
        organizationId,
        name: current.name,
        description: current.description,
        tokenHash: generated.tokenHash,
        lastFour: generated.lastFour,
        ipAllowlist: current.ipAllowlist,
        scopes: current.scopes,
        domainIds: domainIdsColumn(domainIds),
        expiresAt: expiry.expiresAt,
        ...(await tokenMaker(tx, principal)),
        expiresPredecessorOnFirstUse: choice.expireOnFirstUse,
        template: current.template,
      },
      select: { id: true },
    });
    const endsAt = rotationEndsAt(now, choice.gracePeriodSeconds, current.expiresAt);
    await tx.apiToken.update({
      where: { id: tokenId },
      data: { rotatedAt: now, rotationEndsAt: endsAt, successorId: successor.id },
    });

    await recordAuditEvent(tx, {
      organizationId,
      actor: principal,
      action: "token.rotated",
      targetType: "api_token",
      targetId: tokenId,
      metadata: {
        name: current.name,
        successorId: successor.id,
        gracePeriodSeconds: choice.gracePeriodSeconds,
        expireOnFirstUse: choice.expireOnFirstUse,
        rotationEndsAt: endsAt.toISOString(),
        successorExpiresAt: expiry.expiresAt?.toISOString() ?? null,
        ...(choice.domainIds !== undefined && { successorDomainIds: domainIds }),
        ...(expiry.limitedByPolicy && {
          expiryLimitedByPolicyDays: expiry.limitedByPolicy.maxLifetimeDays,
        }),
      },
    });

    const summaryOf = async (id: string) =>
      toTokenSummary(
        await tx.apiToken.findUniqueOrThrow({ where: { id }, select: tokenSummarySelect }),
        now,
      );
    return {
      summary: await summaryOf(successor.id),
      predecessor: await summaryOf(tokenId),
      expiryLimitedByPolicy: expiry.limitedByPolicy,
    };
  });

  announceNewToken(generated.tokenHash);
  return { token: generated.token, ...result };
}

/**
 * The successor's expiry: the date chosen, judged like a new token's (a real date after
 * today, within the organization's lifetime policy: refused otherwise, on `expiresOn`), or,
 * when none was chosen, the old token's clamped to the policy (successorExpiry).
 */
async function chooseSuccessorExpiry(
  tx: Prisma.TransactionClient,
  params: {
    organizationId: string;
    expiresOn: string | null | undefined;
    predecessorExpiresAt: Date | null;
    now: Date;
  },
): Promise<{ expiresAt: Date | null; limitedByPolicy: ExpiryLimitedByPolicy | null }> {
  const { organizationId, expiresOn, predecessorExpiresAt, now } = params;
  if (expiresOn === undefined) {
    const policy = await getTokenLifetimePolicy(organizationId, tx);
    return successorExpiry(predecessorExpiresAt, policy, now);
  }
  const parsed = tokenInputSchema.shape.expiresOn.safeParse(expiresOn);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsFromIssues(parsed.error.issues, "expiresOn");
    const message = fieldErrors.expiresOn?.[0] ?? "Enter a valid date (YYYY-MM-DD)";
    throw new AppError("validation_error", message, { fieldErrors });
  }
  await assertWithinLifetimePolicy(tx, { organizationId, expiresOn: parsed.data, now });
  return { expiresAt: expiresAtFromExpiresOn(parsed.data), limitedByPolicy: null };
}

function parseRotationChoice(input: RotateTokenInput) {
  const parsed = rotationInputSchema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid rotation";
    throw new AppError("validation_error", message, {
      fieldErrors: fieldErrorsFromIssues(parsed.error.issues, "form"),
    });
  }
  return parsed.data;
}

function assertRotatable(
  token: { revokedAt: Date | null; rotatedAt: Date | null; expiresAt: Date | null },
  now: Date,
): void {
  if (token.revokedAt) throw new AppError("conflict", ROTATE_REVOKED_MESSAGE);
  if (token.rotatedAt) throw new AppError("conflict", ROTATE_ROTATED_MESSAGE);
  if (isTokenExpired(token.expiresAt, now)) throw new AppError("conflict", ROTATE_EXPIRED_MESSAGE);
}
