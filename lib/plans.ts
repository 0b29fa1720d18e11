import type { Plan } from "@/lib/generated/prisma/enums";

export const PLANS: readonly Plan[] = ["FREE", "STARTER", "PRO", "BUSINESS", "ENTERPRISE"];

/** Enterprise's per-token limit unless ENTERPRISE_RATE_LIMIT_PER_MIN says otherwise. */
export const ENTERPRISE_DEFAULT_REQUESTS_PER_MINUTE = 10_000;

export interface PlanDetails {
  label: string;
  priceLabel: string;
  apiAccess: boolean;
  domains: string;
  /**
   * Requests per minute one token may make, or null without API access. Enterprise's is the
   * default of ENTERPRISE_RATE_LIMIT_PER_MIN (agreed per contract).
   */
  apiRequestsPerMinute: number | null;
}

// Mirrors the public plan table. Billing is simulated: switching plans changes the row only.
export const PLAN_DETAILS: Record<Plan, PlanDetails> = {
  FREE: {
    label: "Free",
    priceLabel: "$0/mo",
    apiAccess: false,
    domains: "1 domain",
    apiRequestsPerMinute: null,
  },
  STARTER: {
    label: "Starter",
    priceLabel: "$19/mo",
    apiAccess: false,
    domains: "5 domains",
    apiRequestsPerMinute: null,
  },
  PRO: {
    label: "Pro",
    priceLabel: "$79/mo",
    apiAccess: true,
    domains: "25 domains",
    apiRequestsPerMinute: 600,
  },
  BUSINESS: {
    label: "Business",
    priceLabel: "$249/mo",
    apiAccess: true,
    domains: "100 domains",
    apiRequestsPerMinute: 3_000,
  },
  ENTERPRISE: {
    label: "Enterprise",
    priceLabel: "Custom",
    apiAccess: true,
    domains: "Unlimited",
    apiRequestsPerMinute: ENTERPRISE_DEFAULT_REQUESTS_PER_MINUTE,
  },
};

/** "Pro 600, Business 3,000, Enterprise 10,000": the per-token limits in words, for docs. */
export function describeApiRateLimits(): string {
  return PLANS.flatMap((plan) => {
    const perMinute = PLAN_DETAILS[plan].apiRequestsPerMinute;
    return perMinute === null ? [] : [`${planLabel(plan)} ${perMinute.toLocaleString("en-US")}`];
  }).join(", ");
}

export function planHasApiAccess(plan: Plan): boolean {
  return PLAN_DETAILS[plan].apiAccess;
}

export function planLabel(plan: Plan): string {
  return PLAN_DETAILS[plan].label;
}
