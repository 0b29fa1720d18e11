"use client";

import { type Column, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { usePathname, useSearchParams } from "next/navigation";
import { Fragment, useMemo } from "react";
import { AccessLogDetail } from "@/components/logs/access-log-detail";
import { accessLogDetailId, getAccessLogColumns } from "@/components/logs/access-logs-columns";
import { Card } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { RequestLogRow } from "@/lib/services/logs/query";

/** A column's name for the stacked (phone) layout: its header, or its meta label. */
function columnLabel(column: Column<RequestLogRow>): string | undefined {
  const header = column.columnDef.header;
  return typeof header === "string" ? header : column.columnDef.meta?.label;
}

/** One page of the organization's request log. Paging and filtering happen on the server. */
export function AccessLogsTable({ rows }: { rows: RequestLogRow[] }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const columns = useMemo(
    () =>
      getAccessLogColumns((name, value) => {
        // Narrowing the view starts again from the newest entries.
        const params = new URLSearchParams(searchParams.toString());
        params.delete("cursor");
        params.set(name, value);
        return `${pathname}?${params.toString()}`;
      }),
    [pathname, searchParams],
  );
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    // Every row can open its details (request id, reason, user agent) below itself.
    getRowCanExpand: () => true,
  });

  return (
    <Card className="overflow-hidden">
      <Table aria-label="API requests" className="min-w-[60rem] table-fixed" stacked>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id} className="hover:bg-transparent">
              {group.headers.map((header) => (
                <TableHead
                  key={header.id}
                  scope="col"
                  className={header.column.columnDef.meta?.headerClassName}
                >
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </TableHead>
              ))}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.map((row) => (
            <Fragment key={row.id}>
              <TableRow
                data-testid="access-log-row"
                data-state={row.getIsExpanded() ? "open" : undefined}
              >
                {row.getVisibleCells().map((cell) => (
                  <TableCell key={cell.id} className="py-2.5" label={columnLabel(cell.column)}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </TableCell>
                ))}
              </TableRow>
              {row.getIsExpanded() ? (
                <TableRow className="bg-muted/30 hover:bg-muted/30" data-testid="access-log-detail">
                  <TableCell colSpan={row.getVisibleCells().length} className="py-0">
                    <AccessLogDetail log={row.original} id={accessLogDetailId(row.id)} />
                  </TableCell>
                </TableRow>
              ) : null}
            </Fragment>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
