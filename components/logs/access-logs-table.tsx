"use client";

import { flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { getAccessLogColumns } from "@/components/logs/access-logs-columns";
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
  });

  return (
    <Card className="overflow-hidden">
      <Table aria-label="API requests" className="min-w-[60rem] table-fixed">
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
            <TableRow key={row.id} data-testid="access-log-row">
              {row.getVisibleCells().map((cell) => (
                <TableCell key={cell.id} className="py-2.5">
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
