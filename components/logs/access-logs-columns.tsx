"use client";

import type { ColumnDef } from "@tanstack/react-table";

import Link from "next/link";
import { AfterRotationBadge } from "@/components/logs/after-rotation-badge";
import { LogOutcome } from "@/components/logs/log-outcome";
import { LogRequest } from "@/components/logs/log-request";
import { LogStatusBadge } from "@/components/logs/log-status-badge";
import { LogTimestamp } from "@/components/logs/log-timestamp";
import { Badge } from "@/components/ui/badge";
import { ChevronRightIcon } from "@/components/ui/icons";
import { type TokenLabelState, tokenLabelState, tokenSuffix } from "@/lib/rules/token-label";
import type { RequestLogRow } from "@/lib/services/logs/query";

/** Builds a link to the current view with one more filter set (e.g. click an IP). */
export type FilterHref = (name: string, value: string) => string;

/** The id of a row's detail region, which its toggle controls. */
export function accessLogDetailId(rowId: string): string {
  return `access-log-detail-${rowId}`;
}

export function getAccessLogColumns(filterHref: FilterHref): ColumnDef<RequestLogRow>[] {
  return [
    {
      id: "details",
      header: () => <span className="sr-only">Details</span>,
      // Beside the request, which is the record's title in the stacked form.
      meta: { headerClassName: "w-10", label: "Details", slot: "leading" },
      cell: ({ row }) => {
        const open = row.getIsExpanded();
        return (
          <button
            type="button"
            onClick={row.getToggleExpandedHandler()}
            aria-expanded={open}
            aria-controls={open ? accessLogDetailId(row.id) : undefined}
            className="-m-1 flex size-7 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
          >
            <ChevronRightIcon
              aria-hidden="true"
              className={`size-4 transition-transform ${open ? "rotate-90" : ""}`}
            />
            <span className="sr-only">
              {open ? "Hide" : "Show"} details of {row.original.method} {row.original.path}
            </span>
          </button>
        );
      },
    },
    {
      id: "time",
      header: "Time",
      meta: { headerClassName: "w-36" },
      cell: ({ row }) => (
        <LogTimestamp
          date={row.original.createdAt}
          className="whitespace-nowrap text-xs tabular-nums"
        />
      ),
    },
    {
      id: "token",
      header: "Token",
      meta: { headerClassName: "w-40" },
      cell: ({ row }) => <TokenCell log={row.original} filterHref={filterHref} />,
    },
    {
      id: "request",
      header: "Request",
      meta: { slot: "title" },
      cell: ({ row }) => (
        <LogRequest
          method={row.original.method}
          path={row.original.path}
          summary={row.original.requestSummary}
        />
      ),
    },
    {
      id: "status",
      header: "Status",
      meta: { headerClassName: "w-18" },
      cell: ({ row }) => <LogStatusBadge status={row.original.status} />,
    },
    {
      id: "response",
      header: "Response",
      meta: { headerClassName: "w-44" },
      cell: ({ row }) => (
        <div className="grid min-w-0 gap-0.5">
          <LogOutcome log={row.original} className="text-xs" />
          <span className="text-muted-foreground text-xs tabular-nums">
            {row.original.refusalReason && row.original.errorCode
              ? `${row.original.errorCode} · `
              : null}
            {row.original.durationMs} ms
          </span>
        </div>
      ),
    },
    {
      id: "ip",
      header: "IP",
      meta: { headerClassName: "w-40" },
      cell: ({ row }) => {
        const ip = row.original.clientIp;
        if (ip === "unknown") return <span className="text-muted-foreground text-xs">unknown</span>;
        return (
          <Link
            href={filterHref("ip", ip)}
            className="block truncate rounded-sm font-mono text-xs underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring"
            title={`${ip}: show only requests from this IP`}
          >
            {ip}
          </Link>
        );
      },
    },
  ];
}

const STATE_BADGE: Record<TokenLabelState, string> = {
  rotated: "Rotated",
  revoked: "Revoked",
  expired: "Expired",
};

function TokenCell({ log, filterHref }: { log: RequestLogRow; filterHref: FilterHref }) {
  const renamed = log.currentTokenName !== null && log.currentTokenName !== log.tokenName;
  // A rotation's successor shares the name: the last four and the state tell them apart.
  const state = log.tokenLastFour
    ? tokenLabelState({
        name: log.tokenName,
        lastFour: log.tokenLastFour,
        revokedAt: log.tokenRevoked ? log.createdAt : null,
        rotatedAt: log.tokenRotatedAt,
        expiresAt: log.tokenExpiresAt,
      })
    : null;
  return (
    <div className="grid min-w-0 gap-0.5">
      {/* The badge wraps under a name it would otherwise cut short; only a very long name is
          clamped (its title has it whole). */}
      <div className="flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-0.5">
        <Link
          href={filterHref("token", log.tokenId)}
          className="line-clamp-2 min-w-0 break-words rounded-sm font-medium underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring"
          title={`Show only requests made with “${log.tokenName}”${log.tokenLastFour ? ` ${tokenSuffix(log.tokenLastFour)}` : ""}`}
        >
          {log.tokenName}
        </Link>
        {log.tokenLastFour ? (
          <code className="font-mono text-muted-foreground text-xs">
            {tokenSuffix(log.tokenLastFour)}
          </code>
        ) : null}
        {state ? <Badge variant="muted">{STATE_BADGE[state]}</Badge> : null}
      </div>
      {log.afterRotation ? <AfterRotationBadge /> : null}
      {renamed ? (
        <span className="truncate text-muted-foreground text-xs">now “{log.currentTokenName}”</span>
      ) : null}
    </div>
  );
}
