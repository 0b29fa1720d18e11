import type { Scope } from "@/lib/permissions";
import type { TokenStatus } from "@/lib/rules/token-status";
import type { TokenTemplateId } from "@/lib/rules/token-templates";

// Plain types only, so client components can import them.

export interface TokenUserSummary {
  id: string;
  email: string;
  name: string | null;
}

/** Where a token was found in public, as reported (URL and source may be missing). */
export interface TokenExposureSummary {
  at: Date;
  url: string | null;
  source: string | null;
}

/** Everything the dashboard may know about a token. Never the token or its hash. */
export interface TokenSummary {
  id: string;
  name: string;
  description: string | null;
  /** The token's last four characters, shown as `…a1b2`. */
  lastFour: string;
  /** Normalized CIDR entries; empty means any IP. */
  ipAllowlist: string[];
  /** The API scopes it holds (lib/permissions.ts), in SCOPES order. */
  scopes: Scope[];
  /** 00:00:00 UTC of the expiration date, or null for never. */
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: TokenUserSummary | null;
  /** The token that revoked it through the API; null when a person or MailShield did. */
  revokedByToken: TokenRotationLink | null;
  /** Revoked by the unused-token policy after this many days unused; null otherwise. */
  revokedUnusedDays: number | null;
  createdAt: Date;
  /**
   * The person accountable for it: who made it, or, for a token made through the API, the
   * person accountable for the token that made it (lib/services/tokens/token-maker.ts).
   */
  createdBy: TokenUserSummary | null;
  /** The token that made it through the API (created or rotated it); null when a person did. */
  createdByToken: TokenRotationLink | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  status: TokenStatus;
  /** When the token was rotated; null if never. */
  rotatedAt: Date | null;
  /** When a rotated token stops (or stopped) working: the end of its grace period. */
  rotationEndsAt: Date | null;
  /** The token that replaced this one by rotation. */
  successor: TokenRotationLink | null;
  /** The token this one replaced by rotation. */
  predecessor: TokenRotationLink | null;
  /** The template it was created from (a rotation's successor keeps it); null: from scratch. */
  template: TokenTemplateId | null;
  /**
   * The domains it may touch (per-domain scoping): null for all domains (including later
   * ones), else these ids, lower case (empty: none).
   */
  domainIds: string[] | null;
  /** Set once the token was reported exposed (and so revoked, unless it already was not usable). */
  exposure: TokenExposureSummary | null;
}

/** Another token (a rotation's other end, a token's maker), enough to link to it and recognise it. */
export interface TokenRotationLink {
  id: string;
  name: string;
  lastFour: string;
  /** On a successor: its first accepted request ends its predecessor's grace period. */
  expiresPredecessorOnFirstUse: boolean;
  lastUsedAt: Date | null;
}
