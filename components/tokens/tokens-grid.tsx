"use client";

import { flexRender, type Header, type Table as TanstackTable } from "@tanstack/react-table";
import { CreateTokenButton } from "@/components/tokens/create-token-dialog";
import { TOKEN_STATUS_LABEL } from "@/components/tokens/status-badge";
import type { TokenListQuery } from "@/components/tokens/token-list-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ChevronDownIcon, ChevronUpIcon, KeyIcon, SearchIcon } from "@/components/ui/icons";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { TokenSummary } from "@/lib/services/tokens";
import { cn } from "@/lib/utils";

/** The tokens as a table with sortable headers, for screens wide enough for it. */
export function TokensGrid({
  table,
  label,
}: {
  table: TanstackTable<TokenSummary>;
  label: string;
}) {
  return (
    <Card className="overflow-hidden">
      <Table aria-label={label}>
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
          {table.getRowModel().rows.map((row) => (
            <TableRow
              key={row.id}
              data-status={row.original.status}
              data-state={row.getIsSelected() ? "selected" : undefined}
            >
              {row.getVisibleCells().map((cell) => (
                <TableCell
                  key={cell.id}
                  className={cn(
                    cell.column.id === "actions" && "w-12 text-right",
                    cell.column.id === "select" && "w-10 pr-0",
                  )}
                >
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

function SortableHead({ header }: { header: Header<TokenSummary, unknown> }) {
  const content = header.isPlaceholder
    ? null
    : flexRender(header.column.columnDef.header, header.getContext());
  if (!header.column.getCanSort()) {
    return (
      <TableHead className={cn(header.column.id === "select" && "w-10 pr-0")}>{content}</TableHead>
    );
  }

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

/** Nothing matches the search or the status filter: say which, and offer the way back. */
export function NoMatchingTokens({
  query,
  onClear,
}: {
  query: TokenListQuery;
  onClear: () => void;
}) {
  const status = query.status === "all" ? "" : `${TOKEN_STATUS_LABEL[query.status].toLowerCase()} `;
  const message = query.q ? `No ${status}tokens match “${query.q}”.` : `No ${status}tokens.`;
  return (
    <Card className="items-center gap-2 px-6 py-10 text-center">
      <SearchIcon className="size-5 text-muted-foreground" />
      <p className="max-w-full break-words font-medium">{message}</p>
      <p className="text-muted-foreground text-sm">
        {query.q ? "The search looks at token names and descriptions." : null}
      </p>
      <Button variant="outline" size="sm" className="mt-1" onClick={onClear}>
        Clear filters
      </Button>
    </Card>
  );
}

export function TokensEmptyState({
  canManage,
  hasApiAccess,
}: {
  canManage: boolean;
  hasApiAccess: boolean;
}) {
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
