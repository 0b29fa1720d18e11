"use client";

import {
  type ColumnFiltersState,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  type RowSelectionState,
  type SortingState,
  type Updater,
  useReactTable,
} from "@tanstack/react-table";
import { useEffect, useMemo, useRef, useState } from "react";
import { BulkRevokeReport } from "@/components/tokens/bulk-revoke-report";
import { type StatusFilter, tokenMatchesSearch } from "@/components/tokens/token-list-query";
import { SelectionBar } from "@/components/tokens/token-selection";
import { getTokenColumns } from "@/components/tokens/tokens-columns";
import { NoMatchingTokens, TokensEmptyState } from "@/components/tokens/tokens-empty";
import { TokensToolbar } from "@/components/tokens/tokens-toolbar";
import { useTokenListQuery } from "@/components/tokens/use-token-list-query";
import { useTokenRevocation } from "@/components/tokens/use-token-revocation";
import { columnLabel, DataTable } from "@/components/ui/data-table";
import type { TokenInsight } from "@/lib/rules/insight-rules";
import { TOKEN_STATUS_RANK, type TokenStatus, tokenActions } from "@/lib/rules/token-status";
import type { TokenSummary } from "@/lib/services/tokens";

// Statuses every list offers as a filter; the occasional ones (paused on a plan without API
// access, rotated) only while some token has them, or while the URL asks for one.
const ALWAYS_OFFERED = new Set<StatusFilter>(["all", "active", "expired", "revoked"]);
const STATUS_ORDER = Object.keys(TOKEN_STATUS_RANK) as TokenStatus[];

/**
 * Active tokens first (newest first), then paused, expired, revoked: history stays visible
 * without burying the tokens in use. A sort chosen by the user replaces this order.
 */
function defaultOrder(tokens: readonly TokenSummary[]): TokenSummary[] {
  return [...tokens].sort(
    (a, b) =>
      TOKEN_STATUS_RANK[a.status] - TOKEN_STATUS_RANK[b.status] ||
      b.createdAt.getTime() - a.createdAt.getTime(),
  );
}

const NO_INSIGHTS: Record<string, TokenInsight> = {};

export function TokensTable({
  tokens,
  canManage,
  hasApiAccess,
  insights = NO_INSIGHTS,
}: {
  tokens: TokenSummary[];
  /** Owners and admins may revoke (one or many); members see the list read-only. */
  canManage: boolean;
  /** Whether the organization's plan includes the API (and so token creation). */
  hasApiAccess: boolean;
  /** Usage insights by token id. */
  insights?: Record<string, TokenInsight>;
}) {
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const searchRef = useRef<HTMLInputElement>(null);
  const revocation = useTokenRevocation({
    tokens,
    onBulkDone: () => setRowSelection({}),
    fallbackFocus: searchRef,
  });
  const { openRevoke } = revocation;

  const data = useMemo(() => defaultOrder(tokens), [tokens]);
  const columns = useMemo(
    () => getTokenColumns({ canManage, insights, onRevoke: openRevoke }),
    [canManage, insights, openRevoke],
  );
  const sortable = useMemo(
    () => columns.filter((column) => column.enableSorting !== false).map((column) => column.id!),
    [columns],
  );
  const { query, setQuery } = useTokenListQuery(sortable);

  const sorting = useMemo<SortingState>(() => (query.sort ? [query.sort] : []), [query.sort]);
  const columnFilters = useMemo<ColumnFiltersState>(
    () => (query.status === "all" ? [] : [{ id: "status", value: query.status }]),
    [query.status],
  );

  const table = useReactTable({
    data,
    columns,
    state: { sorting, columnFilters, globalFilter: query.q, rowSelection },
    onSortingChange: (updater: Updater<SortingState>) => {
      const [next] = typeof updater === "function" ? updater(sorting) : updater;
      setQuery({ sort: next ? { id: next.id, desc: next.desc } : null });
    },
    // The search reads only the token's name and description; run it once per row.
    getColumnCanGlobalFilter: (column) => column.id === "name",
    globalFilterFn: (row, _columnId, search: string) => tokenMatchesSearch(row.original, search),
    // Selection is for bulk revocation: only tokens that can still be revoked.
    enableRowSelection: (row) => tokenActions(row.original.status, canManage).revoke,
    onRowSelectionChange: setRowSelection,
    getRowId: (token) => token.id,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });

  const rows = table.getRowModel().rows;
  const selected = rows.filter((row) => row.getIsSelected()).map((row) => row.original);

  // Only what is shown can be selected: a token the filters hide, or one revoked since,
  // leaves the selection, so a bulk revocation never acts on something out of sight.
  const selectableIds = rows.filter((row) => row.getCanSelect()).map((row) => row.id);
  const selectableKey = selectableIds.join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: selectableKey stands for selectableIds
  useEffect(() => {
    const keep = new Set(selectableIds);
    setRowSelection((current) => {
      const next = Object.fromEntries(Object.entries(current).filter(([id]) => keep.has(id)));
      return Object.keys(next).length === Object.keys(current).length ? current : next;
    });
  }, [selectableKey]);

  const statuses = useMemo(() => {
    const matching = tokens.filter((token) => tokenMatchesSearch(token, query.q));
    const count = (status: StatusFilter) =>
      status === "all" ? matching.length : matching.filter((t) => t.status === status).length;
    return (["all", ...STATUS_ORDER] as StatusFilter[])
      .filter((s) => ALWAYS_OFFERED.has(s) || s === query.status || count(s) > 0)
      .map((value) => ({ value, count: count(value) }));
  }, [tokens, query.q, query.status]);

  if (tokens.length === 0) {
    return <TokensEmptyState canManage={canManage} hasApiAccess={hasApiAccess} />;
  }

  const clearFilters = () => {
    setQuery({ q: "", status: "all" });
    searchRef.current?.focus();
  };
  const listLabel = `API tokens (${rows.length} of ${tokens.length})`;

  return (
    <div className="grid gap-3">
      <TokensToolbar
        query={query}
        setQuery={setQuery}
        statuses={statuses}
        sortOptions={table
          .getAllLeafColumns()
          .filter((column) => column.getCanSort())
          .map((column) => ({ id: column.id, label: columnLabel(column) }))}
        searchRef={searchRef}
      />

      <div className="flex min-h-8 flex-wrap items-center justify-between gap-3">
        <p className="text-muted-foreground text-sm" aria-live="polite">
          {rows.length === tokens.length
            ? `${tokens.length} ${tokens.length === 1 ? "token" : "tokens"}`
            : `${rows.length} of ${tokens.length} tokens`}
        </p>
        {canManage ? (
          <SelectionBar
            table={table}
            selected={selected}
            onRevoke={() => revocation.openBulk(selected)}
            bulkButtonRef={revocation.bulkButtonRef}
          />
        ) : null}
      </div>

      {revocation.report ? (
        <BulkRevokeReport
          ref={revocation.reportRef}
          report={revocation.report}
          onDismiss={revocation.dismissReport}
        />
      ) : null}

      <DataTable
        table={table}
        label={listLabel}
        rowAttributes={(row) => ({ "data-status": row.original.status })}
        empty={<NoMatchingTokens query={query} onClear={clearFilters} />}
      />

      {revocation.dialogs}
    </div>
  );
}
