import "server-only";
import { AppError, notFound } from "@/lib/errors";
import type { Authorization } from "@/lib/services/authorize";

// Per-domain scoping, judged on what `authorize`/`authorizeRead` returned (the token's
// grant, read in the same lookup as its scopes): no query of its own. A member and
// MailShield itself reach every domain of the organization; a token reaches its selection
// (null: all domains, including later ones; empty: none, never all).

export const DOMAIN_CREATE_NEEDS_ALL_DOMAINS_MESSAGE =
  "This token is limited to selected domains, so it cannot add a domain: adding a domain needs a token with access to all domains.";

/** The domain ids the authorization is limited to (lower case), or null for all domains. */
export function domainSelection(authorization: Authorization): readonly string[] | null {
  return authorization.kind === "token" ? authorization.grant.domainIds : null;
}

/** Whether the authorization reaches the domain `id` (a UUID, in any letter case). */
export function reachesDomain(authorization: Authorization, id: string): boolean {
  const selection = domainSelection(authorization);
  return selection === null || selection.includes(id.toLowerCase());
}

/**
 * Throws 404 for a domain outside the selection, exactly as for one that does not exist,
 * so a scoped token learns nothing of the organization's other domains.
 */
export function assertReachesDomain(authorization: Authorization, id: string): void {
  if (!reachesDomain(authorization, id)) throw notFound("Domain");
}

/** Throws 403 unless the authorization reaches all domains: a new domain is in no selection. */
export function assertReachesAllDomains(authorization: Authorization): void {
  if (domainSelection(authorization) !== null) {
    throw new AppError("forbidden", DOMAIN_CREATE_NEEDS_ALL_DOMAINS_MESSAGE);
  }
}
