"use client";

import { type Cell, flexRender, type Row, type Table } from "@tanstack/react-table";
import type { TokenSummary } from "@/lib/services/tokens";
import { cn } from "@/lib/utils";

type TokenCell = Cell<TokenSummary, unknown>;

/** The column's header text, for the label of its value in a card. */
function cellLabel(cell: TokenCell): string {
  const { header } = cell.column.columnDef;
  return typeof header === "string" ? header : cell.column.id;
}

function renderCell(cell: TokenCell) {
  return flexRender(cell.column.columnDef.cell, cell.getContext());
}

/**
 * The tokens as stacked cards, for screens too narrow for the table: the same table
 * instance and column definitions, so every column (and every column added later) appears
 * in both layouts. Each column's `meta.cardSlot` puts it beside the title; the others are
 * listed under their header.
 */
export function TokenCards({ table, label }: { table: Table<TokenSummary>; label: string }) {
  return (
    <ul aria-label={label} className="grid gap-3">
      {table.getRowModel().rows.map((row) => (
        <TokenCard key={row.id} row={row} />
      ))}
    </ul>
  );
}

function TokenCard({ row }: { row: Row<TokenSummary> }) {
  const cells = row.getVisibleCells();
  const slot = (name: "leading" | "title" | "trailing") =>
    cells.filter((cell) => cell.column.columnDef.meta?.cardSlot === name);
  const body = cells.filter((cell) => !cell.column.columnDef.meta?.cardSlot);

  return (
    <li
      data-status={row.original.status}
      className={cn(
        "rounded-xl border bg-card p-4 shadow-xs",
        row.getIsSelected() && "border-brand/50 bg-brand/5",
      )}
    >
      <div className="flex items-start gap-3">
        {slot("leading").map((cell) => (
          <div key={cell.id} className="pt-0.5">
            {renderCell(cell)}
          </div>
        ))}
        <div className="min-w-0 flex-1 [&>div]:min-w-0 [&>div]:max-w-none">
          {slot("title").map((cell) => (
            <div key={cell.id}>{renderCell(cell)}</div>
          ))}
        </div>
        {slot("trailing").map((cell) => (
          <div key={cell.id} className="-mt-1 -mr-1">
            {renderCell(cell)}
          </div>
        ))}
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-3 text-sm">
        {body.map((cell) => (
          <div key={cell.id} className="grid min-w-0 content-start gap-1">
            <dt className="font-medium text-muted-foreground text-xs uppercase tracking-wide">
              {cellLabel(cell)}
            </dt>
            <dd className="min-w-0">{renderCell(cell)}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}
