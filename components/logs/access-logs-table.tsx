"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { AccessLogDetail } from "@/components/logs/access-log-detail";
import { accessLogDetailId, getAccessLogColumns } from "@/components/logs/access-logs-columns";
import { DataTable, useDataTable } from "@/components/ui/data-table";
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
  const table = useDataTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    // Every row can open its details (request id, reason, user agent) below itself.
    getRowCanExpand: () => true,
  });

  return (
    <DataTable
      table={table}
      label="API requests"
      // Wide enough for a path and a refusal reason; narrower windows scroll the table.
      className="min-w-[60rem] table-fixed"
      rowAttributes={() => ({ "data-testid": "access-log-row" })}
      renderExpanded={(row) => (
        <AccessLogDetail log={row.original} id={accessLogDetailId(row.id)} />
      )}
    />
  );
}
