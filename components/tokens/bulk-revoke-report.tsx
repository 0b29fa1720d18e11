"use client";

import type * as React from "react";
import { tokensLabel } from "@/components/tokens/bulk-revoke-dialog";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { XIcon } from "@/components/ui/icons";
import type { BulkRevokeOutcome, BulkRevokeResult } from "@/lib/services/tokens/revoke-tokens";

/** A bulk revocation's outcome per token, with the names the list showed when it was sent. */
export interface BulkRevokeReportData {
  results: BulkRevokeResult[];
  names: Record<string, string>;
}

type Skipped = BulkRevokeResult & { outcome: Exclude<BulkRevokeOutcome, "revoked"> };

const NOT_REVOKED_REASON: Record<Skipped["outcome"], string> = {
  already_revoked: "was already revoked",
  not_found: "no longer exists",
};

/**
 * What a bulk revocation did, token by token: the revoked ones, and every one that was not
 * with its reason, so nothing is silently skipped. It stays until dismissed, and takes focus
 * when the confirmation closes (hence the ref and tabIndex).
 */
export function BulkRevokeReport({
  report,
  onDismiss,
  ref,
}: {
  report: BulkRevokeReportData;
  onDismiss: () => void;
  ref: React.Ref<HTMLDivElement>;
}) {
  const name = (result: BulkRevokeResult) =>
    `“${result.name ?? report.names[result.tokenId] ?? result.tokenId}”`;
  const revoked = report.results.filter((result) => result.outcome === "revoked");
  const skipped = report.results.filter(
    (result): result is Skipped => result.outcome !== "revoked",
  );
  const total = report.results.length;

  let title = `Revoked ${tokensLabel(total)}`;
  if (revoked.length === 0) title = "No tokens were revoked";
  else if (skipped.length > 0) title = `Revoked ${revoked.length} of ${tokensLabel(total)}`;

  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      variant={skipped.length === 0 ? "success" : "warning"}
      className="pr-12 focus-visible:outline-2 focus-visible:outline-ring"
      data-testid="bulk-revoke-report"
    >
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription className="grid gap-1">
        {revoked.length > 0 ? <p>{revoked.map(name).join(", ")} can no longer be used.</p> : null}
        {skipped.length > 0 ? (
          <ul className="list-disc pl-4">
            {skipped.map((result) => (
              <li key={result.tokenId}>
                {name(result)} {NOT_REVOKED_REASON[result.outcome]}.
              </li>
            ))}
          </ul>
        ) : null}
      </AlertDescription>
      <Button
        variant="ghost"
        size="icon"
        className="absolute top-2 right-2 size-8"
        aria-label="Dismiss"
        onClick={onDismiss}
      >
        <XIcon />
      </Button>
    </Alert>
  );
}
