import "server-only";
import { z } from "zod";
import { dateFromExpiryInstant } from "@/lib/auth/token-expiry";
import type { TokenSummary } from "@/lib/services/tokens";
import type { ApiTokenJson } from "@/lib/validations/token-api";

// What the /api/v1/tokens operations share: the path param and the JSON a token is
// answered as.

// Any string: an id that is not a UUID is no token of the organization, answered 404 by the
// service like another organization's id, so the two cannot be told apart.
export const tokenParamsSchema = z.object({
  id: z.string().meta({
    description:
      "The token's id. Ids that are not UUIDs, or belong to another organization, give 404.",
    format: "uuid",
  }),
});

function isoOrNull(instant: Date | null): string | null {
  return instant === null ? null : instant.toISOString();
}

/**
 * The one place a token summary becomes API JSON (apiTokenSchema): the fields are picked
 * one by one, so nothing else the summary holds (who created it, for one) goes out.
 */
export function toApiTokenJson(token: TokenSummary): ApiTokenJson {
  return {
    id: token.id,
    name: token.name,
    description: token.description,
    lastFour: token.lastFour,
    scopes: [...token.scopes],
    ipAllowlist: [...token.ipAllowlist],
    expiresOn: token.expiresAt === null ? null : dateFromExpiryInstant(token.expiresAt),
    expiresAt: isoOrNull(token.expiresAt),
    status: token.status,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: isoOrNull(token.lastUsedAt),
    lastUsedIp: token.lastUsedIp,
    revokedAt: isoOrNull(token.revokedAt),
    rotationEndsAt: isoOrNull(token.rotationEndsAt),
    predecessorId: token.predecessor?.id ?? null,
    successorId: token.successor?.id ?? null,
    template: token.template,
    domainIds: token.domainIds === null ? null : [...token.domainIds],
  };
}
