import { dateFromExpiryInstant, expiryInstantFromDate } from "@/lib/auth/token-expiry";
import { clock } from "@/lib/clock";

// The organization's maximum token lifetime, as GitHub and GitLab organizations have it: an
// owner chooses how many days a new token may last at most, and every new or changed
// expiration date must then lie within that many days of today (UTC), "never" included.
// A new or changed date beyond it is refused (the member chose it); a rotation's successor,
// whose expiry nobody chooses, is clamped to it instead. The same rule serves the form's
// date picker, the token services and the tokens list's flag. Client-safe.

const DAY_MS = 86_400_000;

/** The lifetimes an owner can choose (also enforced by a CHECK constraint). */
export const TOKEN_LIFETIME_POLICY_DAYS = [30, 90, 365] as const;

export type TokenLifetimePolicyDays = (typeof TOKEN_LIFETIME_POLICY_DAYS)[number];

/** null: no limit. */
export type TokenLifetimePolicy = TokenLifetimePolicyDays | null;

/** The policy and the working tokens (not revoked, expired or rotated) lasting longer than it. */
export interface LifetimePolicyReport {
  policy: TokenLifetimePolicy;
  tokenIdsBeyond: string[];
}

export function isTokenLifetimePolicyDays(value: unknown): value is TokenLifetimePolicyDays {
  return (TOKEN_LIFETIME_POLICY_DAYS as readonly unknown[]).includes(value);
}

/** "No maximum" or "90 days". */
export function describeTokenLifetimePolicy(policy: TokenLifetimePolicy): string {
  return policy === null ? "No maximum" : `${policy} days`;
}

/** The latest expiration date (YYYY-MM-DD) a token may be given now: today (UTC) + days. */
export function latestAllowedExpirationDate(days: number, now: Date = clock.now()): string {
  const startOfToday = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return dateFromExpiryInstant(new Date(startOfToday + days * DAY_MS));
}

/**
 * Why an expiration date (YYYY-MM-DD, or null for never) breaks the policy, or null when it
 * keeps to it. Phrased for the field it is shown under, in the dashboard and the API.
 */
export function lifetimePolicyViolation(
  expirationDate: string | null,
  policy: TokenLifetimePolicy,
  now: Date = clock.now(),
): string | null {
  if (policy === null) return null;
  const latest = latestAllowedExpirationDate(policy, now);
  if (expirationDate !== null && expirationDate <= latest) return null;
  const rule = policyRule(policy);
  // Worded as the dashboard writes dates ("Jan 6, 2027"), not as the form stores them.
  const date = utcDateLabel.format(expiryInstantFromDate(latest));
  return expirationDate === null
    ? `${rule}: choose an expiration date on or before ${date}.`
    : `${rule}: choose ${date} or earlier.`;
}

/** The dashboard's date wording (formatUtcDate in components/time/format.ts). */
const utcDateLabel = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

/**
 * Whether a stored token lasts longer than the policy allows a new token now (it never
 * expires, or expires after the latest allowed date). Flags tokens made before the policy.
 */
export function exceedsLifetimePolicy(
  expiresAt: Date | null,
  policy: TokenLifetimePolicy,
  now: Date = clock.now(),
): boolean {
  if (policy === null) return false;
  return (
    lifetimePolicyViolation(expiresAt && dateFromExpiryInstant(expiresAt), policy, now) !== null
  );
}

function policyRule(days: TokenLifetimePolicyDays): string {
  return `Your organization's token policy allows tokens to last at most ${days} days`;
}

/** How the policy shortened a rotation's successor, for the notice the caller is shown. */
export interface ExpiryLimitedByPolicy {
  maxLifetimeDays: TokenLifetimePolicyDays;
  /** The expiry the successor would have copied: its predecessor's (null: never). */
  predecessorExpiresAt: Date | null;
  /** The notice, in words, for the dashboard and the API. */
  message: string;
}

/**
 * The expiry of a rotation's successor: its predecessor's, unless the policy allows a new
 * token less at `now` (it never expires, or expires after the latest allowed date); then
 * the latest allowed date, and `limitedByPolicy` says so. Without this, rotating a token
 * made before the policy would hand out a fresh secret that outlasts it, again and again.
 */
export function successorExpiry(
  predecessorExpiresAt: Date | null,
  policy: TokenLifetimePolicy,
  now: Date = clock.now(),
): { expiresAt: Date | null; limitedByPolicy: ExpiryLimitedByPolicy | null } {
  if (policy === null) return { expiresAt: predecessorExpiresAt, limitedByPolicy: null };
  const latest = expiryInstantFromDate(latestAllowedExpirationDate(policy, now));
  if (predecessorExpiresAt !== null && predecessorExpiresAt.getTime() <= latest.getTime()) {
    return { expiresAt: predecessorExpiresAt, limitedByPolicy: null };
  }
  const instead = predecessorExpiresAt ? dateFromExpiryInstant(predecessorExpiresAt) : "never";
  const message = `${policyRule(policy)}, so the new token expires on ${dateFromExpiryInstant(latest)} (00:00 UTC) instead of ${instead}.`;
  return {
    expiresAt: latest,
    limitedByPolicy: { maxLifetimeDays: policy, predecessorExpiresAt, message },
  };
}

/**
 * What the rotation dialog proposes as the successor's expiration date (YYYY-MM-DD, or null
 * for never): the old token's lifetime (created → expiry, in whole days, at least one)
 * counted from today, so a 90-day token is replaced by another 90-day token rather than
 * one that expires with it; never for a token that never expired; and at most what the
 * policy allows a new token today. The person may choose another date within the policy.
 */
export function defaultSuccessorExpiresOn(
  predecessor: { createdAt: Date; expiresAt: Date | null },
  policy: TokenLifetimePolicy,
  now: Date = clock.now(),
): string | null {
  const latest = policy === null ? null : latestAllowedExpirationDate(policy, now);
  if (predecessor.expiresAt === null) return latest;
  const lifetimeDays = Math.max(
    1,
    Math.round((predecessor.expiresAt.getTime() - predecessor.createdAt.getTime()) / DAY_MS),
  );
  const proposed = latestAllowedExpirationDate(lifetimeDays, now);
  // Fixed-width YYYY-MM-DD strings compare correctly as text.
  return latest !== null && proposed > latest ? latest : proposed;
}
