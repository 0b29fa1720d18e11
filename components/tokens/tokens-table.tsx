"use client";

import {
  type ColumnFiltersState,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  type Header,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { CreateTokenButton } from "@/components/tokens/create-token-dialog";
import { type RevokableToken, RevokeTokenDialog } from "@/components/tokens/revoke-token-dialog";
import { TOKEN_STATUS_LABEL } from "@/components/tokens/status-badge";
import { getTokenColumns } from "@/components/tokens/tokens-columns";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ChevronDownIcon, ChevronUpIcon, KeyIcon } from "@/components/ui/icons";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { TokenInsight } from "@/lib/services/logs/insight-rules";
import type { TokenSummary } from "@/lib/services/tokens";
import { TOKEN_STATUS_RANK, type TokenStatus } from "@/lib/services/tokens/token-status";
import { cn } from "@/lib/utils";

type StatusFilter = TokenStatus | "all";

// "Paused" and "Rotated" only appear while some token is paused (on a plan without API
// access) or rotated.
const STATUS_FILTERS: readonly StatusFilter[] = [
  "all",
  "active",
  "paused",
  "rotated",
  "expired",
  "revoked",
];
const OCCASIONAL_FILTERS: readonly StatusFilter[] = ["paused", "rotated"];

/**
 * Active tokens first (newest first), then paused, expired, revoked: history stays visible
 * without burying the tokens in use. A click on a header replaces this order.
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
  /** Owners and admins may revoke; members see the list read-only. */
  canManage: boolean;
  /** Whether the organization's plan includes the API (and so token creation). */
  hasApiAccess: boolean;
  /** Usage insights by token id. */
  insights?: Record<string, TokenInsight>;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [statusFilter, setStatusFilter] = useState<StatusFilter>("all");
  const [revokeTarget, setRevokeTarget] = useState<RevokableToken | null>(null);
  const [revokeOpen, setRevokeOpen] = useState(false);

  const data = useMemo(() => defaultOrder(tokens), [tokens]);
  const columns = useMemo(
    () =>
      getTokenColumns({
        canManage,
        insights,
        onRevoke: (token) => {
          setRevokeTarget({ id: token.id, name: token.name, lastFour: token.lastFour });
          setRevokeOpen(true);
        },
      }),
    [canManage, insights],
  );
  const columnFilters = useMemo<ColumnFiltersState>(
    () => (statusFilter === "all" ? [] : [{ id: "status", value: statusFilter }]),
    [statusFilter],
  );

  const table = useReactTable({
    data,
    columns,
    state: { sorting, columnFilters },
    onSortingChange: setSorting,
    getRowId: (token) => token.id,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });

  const counts = useMemo(() => {
    const result: Record<StatusFilter, number> = {
      all: 0,
      active: 0,
      paused: 0,
      rotated: 0,
      expired: 0,
      revoked: 0,
    };
    for (const token of tokens) {
      result.all += 1;
      result[token.status] += 1;
    }
    return result;
  }, [tokens]);

  if (tokens.length === 0) return <EmptyState canManage={canManage} hasApiAccess={hasApiAccess} />;

  const rows = table.getRowModel().rows;

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <fieldset className="flex flex-wrap items-center gap-1 rounded-lg border bg-card p-1">
          <legend className="sr-only">Filter tokens by status</legend>
          {STATUS_FILTERS.filter(
            (filter) => !OCCASIONAL_FILTERS.includes(filter) || counts[filter] > 0,
          ).map((filter) => (
            <Button
              key={filter}
              size="sm"
              variant={statusFilter === filter ? "secondary" : "ghost"}
              aria-pressed={statusFilter === filter}
              onClick={() => setStatusFilter(filter)}
              className={cn("h-7 px-2.5", statusFilter === filter && "shadow-xs")}
            >
              {filter === "all" ? "All" : TOKEN_STATUS_LABEL[filter]}
              <span className="text-muted-foreground tabular-nums">{counts[filter]}</span>
            </Button>
          ))}
        </fieldset>
        <p className="text-muted-foreground text-sm" aria-live="polite">
          {rows.length === counts.all
            ? `${counts.all} ${counts.all === 1 ? "token" : "tokens"}`
            : `${rows.length} of ${counts.all} tokens`}
        </p>
      </div>

      <Card className="overflow-hidden">
        <Table aria-label="API tokens">
          <TableHeader>
            {table.getHeaderGroups().map((headerGroup) => (
              <TableRow key={headerGroup.id} className="hover:bg-transparent">
                {headerGroup.headers.map((header) => (
                  <SortableHead key={header.id} header={header} />
                ))}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {rows.length === 0 ? (
              <TableRow className="hover:bg-transparent">
                <TableCell colSpan={columns.length} className="py-10 text-center">
                  <p className="text-muted-foreground">
                    No {statusFilter === "all" ? "" : `${statusFilter} `}tokens.
                  </p>
                  <Button
                    variant="link"
                    className="mt-1 h-auto p-0"
                    onClick={() => setStatusFilter("all")}
                  >
                    Show all tokens
                  </Button>
                </TableCell>
              </TableRow>
            ) : (
              rows.map((row) => (
                <TableRow key={row.id} data-status={row.original.status}>
                  {row.getVisibleCells().map((cell) => (
                    <TableCell
                      key={cell.id}
                      className={cn(cell.column.id === "actions" && "w-12 text-right")}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </Card>

      <RevokeTokenDialog
        token={revokeTarget}
        open={revokeOpen}
        onOpenChange={setRevokeOpen}
        onCloseAutoFocus={(event) => {
          // The dialog was opened from a row's menu; focus goes back to that menu's button.
          event.preventDefault();
          if (!revokeTarget) return;
          document.querySelector<HTMLElement>(`[data-token-actions="${revokeTarget.id}"]`)?.focus();
        }}
      />
    </div>
  );
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

function SortableHead({ header }: { header: Header<TokenSummary, unknown> }) {
  const content = header.isPlaceholder
    ? null
    : flexRender(header.column.columnDef.header, header.getContext());
  if (!header.column.getCanSort()) return <TableHead>{content}</TableHead>;

  const sorted = header.column.getIsSorted();
  const Icon = sorted === "asc" ? ChevronUpIcon : ChevronDownIcon;
  return (
    <TableHead aria-sort={sorted ? ARIA_SORT[sorted] : "none"} className="px-1.5">
      <button
        type="button"
        onClick={header.column.getToggleSortingHandler()}
        className="inline-flex items-center gap-1 rounded-md px-1.5 py-1 uppercase tracking-wide hover:bg-accent hover:text-foreground"
      >
        {content}
        <Icon
          aria-hidden="true"
          className={cn("size-3.5", sorted ? "text-foreground" : "opacity-30")}
        />
      </button>
    </TableHead>
  );
}

function EmptyState({ canManage, hasApiAccess }: { canManage: boolean; hasApiAccess: boolean }) {
  let explanation =
    "Create a token to let scripts, CI pipelines and integrations manage your domains through the MailShield API. Give each integration its own token so you can revoke one without touching the others.";
  if (!hasApiAccess) {
    explanation =
      "Tokens you create after upgrading to the Pro plan or higher will be listed here.";
  } else if (!canManage) {
    explanation = "Tokens created by an owner or admin of your organization will be listed here.";
  }
  return (
    <Card className="items-center gap-3 px-6 py-14 text-center">
      <span className="flex size-11 items-center justify-center rounded-full bg-brand/10 text-brand">
        <KeyIcon className="size-5" />
      </span>
      <h2 className="font-semibold text-base">No API tokens yet</h2>
      <p className="max-w-md text-muted-foreground text-sm">{explanation}</p>
      <CreateTokenButton className="mt-2">Create your first token</CreateTokenButton>
    </Card>
  );
}
