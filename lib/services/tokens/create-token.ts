import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { generateApiToken } from "@/lib/auth/token";
import { latestAllowedExpirationDate } from "@/lib/auth/token-lifetime-policy";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  suggestedLifetimeDays,
  TOKEN_TEMPLATES,
  type TokenTemplateId,
} from "@/lib/rules/token-templates";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import {
  assertWithinLifetimePolicy,
  getTokenLifetimePolicy,
} from "@/lib/services/organizations/token-lifetime-policy";
import {
  expiresAtFromExpiresOn,
  type TokenInput,
  tokenTemplateSchema,
} from "@/lib/validations/token";
import { assertOrganizationDomains, domainIdsColumn } from "./domain-selection";
import { assertNoEscalation } from "./escalation";
import { assertActiveNameAvailable, authorizeTokenActor, lockOrganizationTokens } from "./guards";
import { announceNewToken } from "./new-tokens";
import { tokenMaker } from "./token-maker";
import { tokenSummarySelect, toTokenSummary } from "./token-summary";
import type { TokenSummary } from "./types";
import { parseTokenInput } from "./validate";

export interface CreatedToken {
  /** The plaintext token. Show it once; it cannot be recovered afterwards. */
  token: string;
  summary: TokenSummary;
}

/**
 * Creates a token for an owner or admin of an organization whose plan includes API
 * access, or for a token acting within its own grant (escalation.ts). Only the token's
 * SHA-256 and last four characters are stored; the plaintext is returned to the caller
 * and exists nowhere else. The principal: a member (owner or admin) in the dashboard, or a
 * token with tokens:write.
 */
export async function createToken(
  ctx: ServiceContext,
  input: TokenInput & {
    /** The template the settings started from, recorded on the token; null: from scratch. */
    template?: string | null;
  },
): Promise<CreatedToken> {
  const { organizationId, principal } = ctx;
  const template = parseTemplate(input.template);
  const generated = generateApiToken();

  const summary = await db.$transaction(async (tx) => {
    const now = clock.now();
    await lockOrganizationTokens(tx, organizationId);
    const ceiling = await authorizeTokenActor(tx, ctx, { action: "create", tokenId: null }, now);
    const data = parseTokenInput(
      template ? await withTemplateDefaults(tx, input, template, organizationId, now) : input,
    );
    const expiresAt = expiresAtFromExpiresOn(data.expiresOn);
    assertNoEscalation(ceiling, { ...data, expiresAt });
    await assertOrganizationDomains(tx, organizationId, data.domainIds);
    await assertWithinLifetimePolicy(tx, { organizationId, expiresOn: data.expiresOn, now });
    await assertActiveNameAvailable(tx, { organizationId, name: data.name, now });

    const row = await tx.apiToken.create({
      data: {
        organizationId,
        name: data.name,
        description: data.description,
        tokenHash: generated.tokenHash,
        lastFour: generated.lastFour,
        ipAllowlist: data.ipAllowlist,
        scopes: data.scopes,
        domainIds: domainIdsColumn(data.domainIds),
        expiresAt,
        ...(await tokenMaker(tx, principal)),
        template,
      },
      select: tokenSummarySelect,
    });

    await recordAuditEvent(tx, {
      organizationId,
      actor: principal,
      action: "token.created",
      targetType: "api_token",
      targetId: row.id,
      metadata: {
        name: data.name,
        description: data.description,
        ipAllowlist: data.ipAllowlist,
        scopes: data.scopes,
        domainIds: data.domainIds,
        // The audit log's name since its first event, kept so old and new events agree.
        expirationDate: data.expiresOn,
        ...(template && { template }),
      },
    });

    return toTokenSummary(row, now);
  });

  announceNewToken(generated.tokenHash);
  return { token: generated.token, summary };
}

function parseTemplate(value: string | null | undefined): TokenTemplateId | null {
  if (value === undefined || value === null || value === "") return null;
  const parsed = tokenTemplateSchema.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Unknown template";
    throw new AppError("validation_error", message, { fieldErrors: { template: [message] } });
  }
  return parsed.data;
}

/**
 * What a template fills in when the caller leaves it out (the API; the dashboard's form
 * always sends every field): its scopes, and its suggested lifetime from today within the
 * organization's policy. What the caller sent is kept.
 */
async function withTemplateDefaults(
  tx: Prisma.TransactionClient,
  input: TokenInput,
  id: TokenTemplateId,
  organizationId: string,
  now: Date,
): Promise<TokenInput> {
  const template = TOKEN_TEMPLATES[id];
  const policy =
    input.expiresOn === undefined ? await getTokenLifetimePolicy(organizationId, tx) : null;
  return {
    ...input,
    scopes: input.scopes ?? [...template.scopes],
    expiresOn:
      input.expiresOn === undefined
        ? latestAllowedExpirationDate(suggestedLifetimeDays(template, policy), now)
        : input.expiresOn,
  };
}
