import { z } from "zod";
import { domainIdsSchema } from "./token";

// The one definition of a rotation's choices. The dashboard's dialog offers the options, the
// server action and the API validate with the schema, and the service clamps the end with
// rotationEndsAt. Kept free of server-only imports.

/** The longest grace period: seven days. */
export const MAX_GRACE_PERIOD_SECONDS = 7 * 24 * 60 * 60;

/** What the dashboard offers; the API accepts any whole number of seconds up to the maximum. */
export const GRACE_PERIOD_OPTIONS = [
  { seconds: 0, label: "Immediately" },
  { seconds: 60 * 60, label: "1 hour" },
  { seconds: 24 * 60 * 60, label: "24 hours" },
  { seconds: MAX_GRACE_PERIOD_SECONDS, label: "7 days" },
] as const;

export const rotationInputSchema = z.object({
  gracePeriodSeconds: z
    .number()
    .int("The grace period is a whole number of seconds")
    .min(0, "The grace period cannot be negative")
    .max(MAX_GRACE_PERIOD_SECONDS, "The grace period is at most 7 days (604800 seconds)"),
  expireOnFirstUse: z.boolean(),
  /**
   * The successor's expiration date (YYYY-MM-DD, or null for never), judged by the token
   * service like a new token's (after today, within the lifetime policy). Left out, the
   * successor keeps the old token's expiry, clamped to the policy (successorExpiry).
   */
  expiresOn: z.string().nullable().optional(),
  /** The successor's domains (domainIdsSchema; null: all). Left out: the old token's. */
  domainIds: domainIdsSchema.optional(),
});

export type RotationInput = z.infer<typeof rotationInputSchema>;

/**
 * When the old token stops working: `gracePeriodSeconds` after `rotatedAt`, but never after
 * its own expiry (a grace period cannot bring an expiring secret extra life).
 */
export function rotationEndsAt(
  rotatedAt: Date,
  gracePeriodSeconds: number,
  expiresAt: Date | null,
): Date {
  const end = new Date(rotatedAt.getTime() + gracePeriodSeconds * 1000);
  return expiresAt && expiresAt.getTime() < end.getTime() ? expiresAt : end;
}

/** Whether the grace period would be cut short by the token's expiry (the dialog says so). */
export function graceOutlastsExpiry(
  now: Date,
  gracePeriodSeconds: number,
  expiresAt: Date | null,
): boolean {
  return expiresAt !== null && now.getTime() + gracePeriodSeconds * 1000 > expiresAt.getTime();
}

/** Shown when a rotation fails for a reason other than the token's state. */
export const TOKEN_ROTATE_FAILED_MESSAGE =
  "Something went wrong and the token was not rotated. Please try again.";
