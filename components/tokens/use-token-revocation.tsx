"use client";

import type * as React from "react";
import { useCallback, useEffect, useRef, useState } from "react";
import { BulkRevokeDialog } from "@/components/tokens/bulk-revoke-dialog";
import type { BulkRevokeReportData } from "@/components/tokens/bulk-revoke-report";
import { displayedTokenIndex, focusDisplayed, focusTokenAt } from "@/components/tokens/list-focus";
import { type RevokableToken, RevokeTokenDialog } from "@/components/tokens/revoke-token-dialog";
import type { TokenSummary } from "@/lib/services/tokens";

function revokable(token: TokenSummary): RevokableToken {
  return { id: token.id, name: token.name, lastFour: token.lastFour };
}

/**
 * The list's two revocations (one token from its row's menu, or the selected tokens at
 * once) and where focus goes when their dialogs close. Cancelled: back to what opened the
 * dialog. Revoked from a row: to the token now at that row's place (the list is refreshed
 * and re-sorted after the dialog closes, so this is done again once the new list arrives).
 * Revoked in bulk: to the report of what happened.
 */
export function useTokenRevocation({
  tokens,
  onBulkDone,
  fallbackFocus,
}: {
  tokens: TokenSummary[];
  /** Called when a bulk revocation has been answered (to clear the selection). */
  onBulkDone: () => void;
  /** Where focus goes when the list has nothing left to focus (the search box). */
  fallbackFocus: React.RefObject<HTMLElement | null>;
}) {
  const [single, setSingle] = useState<RevokableToken | null>(null);
  const [singleOpen, setSingleOpen] = useState(false);
  const [bulk, setBulk] = useState<RevokableToken[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [report, setReport] = useState<BulkRevokeReportData | null>(null);
  const bulkButtonRef = useRef<HTMLButtonElement>(null);
  const reportRef = useRef<HTMLDivElement>(null);
  // Set when a row's revocation succeeded: its place in the list, and the list it was in.
  const revokedAt = useRef<{ index: number; tokens: TokenSummary[] } | null>(null);

  const openRevoke = useCallback((token: TokenSummary) => {
    setSingle(revokable(token));
    setSingleOpen(true);
  }, []);

  const placeFocusAfterRevoke = useCallback(() => {
    const target = revokedAt.current;
    if (target && !focusTokenAt(target.index)) fallbackFocus.current?.focus();
  }, [fallbackFocus]);

  // The refreshed list has arrived (and may have moved the row away): place focus again.
  useEffect(() => {
    const target = revokedAt.current;
    if (!target || target.tokens === tokens || singleOpen) return;
    placeFocusAfterRevoke();
    revokedAt.current = null;
  }, [tokens, singleOpen, placeFocusAfterRevoke]);

  const dialogs = (
    <>
      <RevokeTokenDialog
        token={single}
        open={singleOpen}
        onOpenChange={setSingleOpen}
        onRevoked={(token) => {
          revokedAt.current = { index: Math.max(0, displayedTokenIndex(token.id)), tokens };
        }}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          if (revokedAt.current) placeFocusAfterRevoke();
          else if (single) focusDisplayed(`[data-token-actions="${single.id}"]`);
        }}
      />
      <BulkRevokeDialog
        tokens={bulk}
        open={bulkOpen}
        onOpenChange={setBulkOpen}
        onDone={(results) => {
          setReport({
            results,
            names: Object.fromEntries(bulk.map((token) => [token.id, token.name])),
          });
          onBulkDone();
        }}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          (reportRef.current ?? bulkButtonRef.current)?.focus();
        }}
      />
    </>
  );

  return {
    openRevoke,
    openBulk: (selected: TokenSummary[]) => {
      setBulk(selected.map(revokable));
      setReport(null);
      setBulkOpen(true);
    },
    report,
    dismissReport: () => {
      setReport(null);
      fallbackFocus.current?.focus();
    },
    bulkButtonRef,
    reportRef,
    dialogs,
  };
}
