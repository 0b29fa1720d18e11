import type { TokenLifetimePolicy } from "@/lib/auth/token-lifetime-policy";
import type { Scope } from "@/lib/permissions";

// Where a new token can start, as Cloudflare's token templates do: the permissions a common
// integration needs, a suggested lifetime and where it is usually called from. Choosing one
// fills the create form (everything stays editable); the token records which one it came
// from (api_tokens.template), and its page shows it. Pure and client-safe: the dashboard's
// form, the API's create body and the token service read the same list.

export const TOKEN_TEMPLATE_IDS = ["ci-deploy", "monitoring", "log-export", "token-admin"] as const;

export type TokenTemplateId = (typeof TOKEN_TEMPLATE_IDS)[number];

export interface TokenTemplate {
  id: TokenTemplateId;
  label: string;
  /** What such a token is for, one sentence. */
  description: string;
  scopes: readonly Scope[];
  /** Suggested lifetime in days (shortened to the organization's policy). */
  suggestedDays: number;
  /** Where such a token is usually called from: a hint for the IP allowlist. */
  allowlistHint: string;
}

export const TOKEN_TEMPLATES: Record<TokenTemplateId, TokenTemplate> = {
  "ci-deploy": {
    id: "ci-deploy",
    label: "CI deploy",
    description: "A deployment pipeline that adds and updates your domains.",
    scopes: ["domains:read", "domains:write"],
    suggestedDays: 90,
    allowlistHint:
      "Allow your CI runners' addresses: your self-hosted runners, or the ranges your CI provider publishes.",
  },
  monitoring: {
    id: "monitoring",
    label: "Monitoring",
    description: "A monitoring system that reads your domains and the API's access logs.",
    scopes: ["domains:read", "logs:read"],
    suggestedDays: 365,
    allowlistHint: "Allow only the address of your monitoring host.",
  },
  "log-export": {
    id: "log-export",
    label: "Log export",
    description: "A log collector or SIEM that exports access logs and audit events.",
    scopes: ["logs:read", "audit:read"],
    suggestedDays: 90,
    allowlistHint: "Allow only your log collector's address.",
  },
  "token-admin": {
    id: "token-admin",
    label: "Token admin",
    description: "Automation such as Terraform that creates, rotates and revokes tokens.",
    scopes: ["tokens:read", "tokens:write"],
    suggestedDays: 30,
    allowlistHint:
      "Allow only your automation host: this token can hand out tokens, so keep it short-lived and fenced.",
  },
};

export function isTokenTemplateId(value: unknown): value is TokenTemplateId {
  return (TOKEN_TEMPLATE_IDS as readonly unknown[]).includes(value);
}

/** "CI deploy" for a recorded template id; null for none or an id this version does not know. */
export function tokenTemplateLabel(id: string | null): string | null {
  return isTokenTemplateId(id) ? TOKEN_TEMPLATES[id].label : null;
}

/** The template's suggested lifetime in days, within the organization's policy. */
export function suggestedLifetimeDays(
  template: TokenTemplate,
  policy: TokenLifetimePolicy,
): number {
  return policy === null ? template.suggestedDays : Math.min(template.suggestedDays, policy);
}
