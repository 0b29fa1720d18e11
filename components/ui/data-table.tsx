"use client";

import {
  type Column,
  flexRender,
  getCoreRowModel,
  type Header,
  type Row,
  type RowData,
  type TableOptions,
  type Table as TanstackTable,
  useReactTable,
} from "@tanstack/react-table";
import type * as React from "react";
import { Fragment } from "react";
import { Card } from "@/components/ui/card";
import { ChevronDownIcon, ChevronUpIcon } from "@/components/ui/icons";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { cn } from "@/lib/utils";

// The dashboard's one data table: TanStack Table (headless: state, sorting, filtering,
// selection, expansion) drawn by <DataTable> as an HTML table on wide screens and, below
// 48rem, as the same rows stacked into records (globals.css, `table[data-stacked]`): one
// document for both layouts, so every control exists once (one id, one focus target) and
// a column added to a list appears in both.
//
// A list owns its TanStack instance (useDataTable below, or useReactTable for sorting,
// filtering and selection models) and its column definitions; each column's `meta` says
// how it is drawn:
//
//   { id: "name", header: "Name", meta: { slot: "title" }, cell: … }
//   { id: "ip", header: "IP", meta: { headerClassName: "w-40" }, cell: … }
//   { id: "actions", header: () => <span className="sr-only">Actions</span>,
//     meta: { slot: "trailing" }, cell: … }
//
// Sorting: a column that can sort (an accessor, and sorting not disabled) gets a header
// button and aria-sort; the list decides what the sort does (client model or the URL).
// Pagination, filters and the empty state stay outside the table, with the page that
// knows them: DataTablePagination (data-table-pagination.tsx) for keyset pages, `empty`
// here for "no rows", DataTableSkeleton (data-table-skeleton.tsx) for a route's loading.

declare module "@tanstack/react-table" {
  interface ColumnMeta<TData extends RowData, TValue> {
    /**
     * Where the cell goes in the stacked (narrow) form: on the record's first line, before
     * the title (a selection box), as the title, or after it (a row's menu). Cells without
     * a slot are listed below as "label value" lines. A moved slot is visual only, so give
     * slots to cells that come first in the row, or to the row's last control.
     */
    slot?: "leading" | "title" | "trailing";
    /**
     * The column's name on its lines in the stacked form, where the header is not plain
     * text (an icon, a visually hidden name); `false` for a value that speaks for itself
     * (a button naming its row), which then spans the record's width.
     */
    label?: string | false;
    /** Classes of the column's header cell (widths: the wide table may be `table-fixed`). */
    headerClassName?: string;
    /** Classes of the column's cells (alignment, padding). */
    cellClassName?: string;
  }
}

/** The column's name in words: its `meta.label`, else its header when that is text. */
export function columnLabel<TData>(column: Column<TData, unknown>): string {
  const { header, meta } = column.columnDef;
  if (typeof meta?.label === "string") return meta.label;
  return typeof header === "string" ? header : column.id;
}

/** The label a cell shows in the stacked form; none for slots and `label: false`. */
function stackedLabel<TData>(column: Column<TData, unknown>): string | undefined {
  const meta = column.columnDef.meta;
  if (meta?.slot || meta?.label === false) return undefined;
  return columnLabel(column);
}

/**
 * A TanStack table with the core row model filled in: enough for a list shown as it comes
 * (members, one page of a log). Pass sorting, filtering or selection options as TanStack
 * documents them.
 */
export function useDataTable<TData extends RowData>(
  options: Omit<TableOptions<TData>, "getCoreRowModel"> &
    Partial<Pick<TableOptions<TData>, "getCoreRowModel">>,
): TanstackTable<TData> {
  return useReactTable({ getCoreRowModel: getCoreRowModel(), ...options });
}

/** Attributes a list puts on a row's <tr>: test and styling hooks such as `data-status`. */
export type DataTableRowAttributes = { [attribute: `data-${string}`]: string | undefined };

export interface DataTableProps<TData extends RowData> {
  /** The list's TanStack instance; the table draws `table.getRowModel().rows`. */
  table: TanstackTable<TData>;
  /** The table's accessible name (also its scroll region's, when it scrolls sideways). */
  label: string;
  /** Classes of the <table>, such as a minimum width with `table-fixed`. */
  className?: string;
  /** Data attributes of each row's <tr>. */
  rowAttributes?: (row: Row<TData>) => DataTableRowAttributes;
  /**
   * What an expanded row shows below itself, across the table's width (a log's details).
   * Rows expand with TanStack's expansion state (`row.getToggleExpandedHandler()`).
   */
  renderExpanded?: (row: Row<TData>) => React.ReactNode;
  /** Shown instead of the table when there is no row to show (say why, and the way out). */
  empty?: React.ReactNode;
}

/**
 * The rows of a TanStack table, in a card: a table that scrolls inside itself when wider
 * than its box (a focusable region then), stacked records below 48rem.
 */
export function DataTable<TData extends RowData>({
  table,
  label,
  className,
  rowAttributes,
  renderExpanded,
  empty,
}: DataTableProps<TData>) {
  const rows = table.getRowModel().rows;
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;

  return (
    <Card className="overflow-hidden">
      <Table aria-label={label} className={className} stacked>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id} className="hover:bg-transparent">
              {group.headers.map((header) => (
                <DataTableHead key={header.id} header={header} />
              ))}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {rows.map((row) => {
            const cells = row.getVisibleCells();
            const expanded = renderExpanded && row.getIsExpanded();
            return (
              <Fragment key={row.id}>
                <TableRow
                  data-state={
                    row.getIsSelected() ? "selected" : row.getIsExpanded() ? "open" : undefined
                  }
                  {...rowAttributes?.(row)}
                >
                  {cells.map((cell) => {
                    const meta = cell.column.columnDef.meta;
                    const cellLabel = stackedLabel(cell.column);
                    const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                    return (
                      <TableCell
                        key={cell.id}
                        data-slot={meta?.slot}
                        label={cellLabel}
                        className={meta?.cellClassName}
                      >
                        {/* One box beside the label, whatever the cell holds. */}
                        {cellLabel ? <div className="min-w-0">{content}</div> : content}
                      </TableCell>
                    );
                  })}
                </TableRow>
                {expanded ? (
                  <TableRow className="bg-muted/30 hover:bg-muted/30" data-expanded-row="">
                    <TableCell colSpan={cells.length} className="py-0">
                      {renderExpanded(row)}
                    </TableCell>
                  </TableRow>
                ) : null}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </Card>
  );
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

/** A column header: a button that sorts, with aria-sort, when the column can sort. */
function DataTableHead<TData>({ header }: { header: Header<TData, unknown> }) {
  const { column } = header;
  const className = column.columnDef.meta?.headerClassName;
  const content = header.isPlaceholder
    ? null
    : flexRender(column.columnDef.header, header.getContext());
  if (!column.getCanSort()) {
    return (
      <TableHead scope="col" className={className}>
        {content}
      </TableHead>
    );
  }

  const sorted = column.getIsSorted();
  const Icon = sorted === "asc" ? ChevronUpIcon : ChevronDownIcon;
  return (
    <TableHead
      scope="col"
      aria-sort={sorted ? ARIA_SORT[sorted] : "none"}
      className={cn("px-1.5", className)}
    >
      <button
        type="button"
        onClick={column.getToggleSortingHandler()}
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
