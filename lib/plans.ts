import type { Plan } from "@/lib/generated/prisma/enums";

export const PLANS: readonly Plan[] = ["FREE", "STARTER", "PRO", "BUSINESS", "ENTERPRISE"];

export interface PlanDetails {
  label: string;
  priceLabel: string;
  apiAccess: boolean;
  domains: string;
}

// Mirrors the public plan table. Billing is simulated: switching plans changes the row only.
export const PLAN_DETAILS: Record<Plan, PlanDetails> = {
  FREE: { label: "Free", priceLabel: "$0/mo", apiAccess: false, domains: "1 domain" },
  STARTER: { label: "Starter", priceLabel: "$19/mo", apiAccess: false, domains: "5 domains" },
  PRO: { label: "Pro", priceLabel: "$79/mo", apiAccess: true, domains: "25 domains" },
  BUSINESS: { label: "Business", priceLabel: "$249/mo", apiAccess: true, domains: "100 domains" },
  ENTERPRISE: { label: "Enterprise", priceLabel: "Custom", apiAccess: true, domains: "Unlimited" },
};

export function planHasApiAccess(plan: Plan): boolean {
  return PLAN_DETAILS[plan].apiAccess;
}

export function planLabel(plan: Plan): string {
  return PLAN_DETAILS[plan].label;
}
