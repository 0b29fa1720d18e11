"use client";

import type * as React from "react";
import { createContext, use } from "react";
import { AlertTriangleIcon } from "@/components/ui/icons";
import type { LifetimePolicyReport } from "@/lib/auth/token-lifetime-policy";
import { cn } from "@/lib/utils";

// The organization's lifetime policy and the tokens lasting longer than it, handed to the
// tokens list's cells by context so the table itself needs no new prop.

const LifetimePolicyContext = createContext<LifetimePolicyReport | null>(null);

export function LifetimePolicyProvider({
  report,
  children,
}: {
  report: LifetimePolicyReport;
  children: React.ReactNode;
}) {
  return <LifetimePolicyContext value={report}>{children}</LifetimePolicyContext>;
}

/** "Over 90-day limit" next to a token that lasts longer than the policy allows; else nothing. */
export function LifetimePolicyFlag({
  tokenId,
  className,
}: {
  tokenId: string;
  className?: string;
}) {
  const report = use(LifetimePolicyContext);
  if (!report?.policy || !report.tokenIdsBeyond.includes(tokenId)) return null;
  return <LifetimePolicyBadge days={report.policy} className={className} />;
}

/** The flag itself, for a page that knows the token is beyond the policy. */
export function LifetimePolicyBadge({ days, className }: { days: number; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex w-fit items-center gap-1 whitespace-nowrap rounded-md bg-warning/10 px-1.5 py-0.5 font-medium text-[oklch(0.48_0.12_65)] text-xs",
        className,
      )}
      title={`Lasts longer than the ${days}-day maximum of your organization's token policy. It keeps working; set an earlier expiration date or replace it.`}
    >
      <AlertTriangleIcon className="size-3.5" aria-hidden="true" />
      Over {days}-day limit
    </span>
  );
}
