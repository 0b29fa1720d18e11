import "server-only";
import { z } from "zod";
import { dateFromExpiryInstant } from "@/lib/auth/token-expiry";
import { AppError, type FieldErrors, isAppError } from "@/lib/errors";
import type { TokenSummary } from "@/lib/services/tokens";
import { type ApiTokenJson, FORM_FIELD_TO_API_FIELD } from "@/lib/validations/token-api";

// What the /api/v1/tokens operations share: the path param, the JSON a token is
// answered as, and the services' field errors in the API's field names.

// Any string: an id that is not a UUID is no token of the organization, answered 404 by the
// service like another organization's id, so the two cannot be told apart.
export const tokenParamsSchema = z.object({
  id: z.string().meta({
    description:
      "The token's id. Ids that are not UUIDs, or belong to another organization, give 404.",
    format: "uuid",
  }),
});

/**
 * Runs a token service, reporting its validation errors as the API does: the API's field
 * names (`expiresOn`, not the form's `expirationDate`) and no mention of a form.
 */
export async function withApiFieldNames<T>(run: Promise<T>): Promise<T> {
  try {
    return await run;
  } catch (error) {
    if (!isAppError(error) || error.code !== "validation_error" || !error.fieldErrors) throw error;
    const fieldErrors: FieldErrors = {};
    for (const [field, messages] of Object.entries(error.fieldErrors)) {
      fieldErrors[FORM_FIELD_TO_API_FIELD[field] ?? field] = messages;
    }
    throw new AppError("validation_error", "Request validation failed", {
      fieldErrors,
      cause: error,
    });
  }
}

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
  };
}
