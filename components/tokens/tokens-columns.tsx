"use client";

import type { ColumnDef, Row, SortingFn } from "@tanstack/react-table";
import Link from "next/link";
import { TokenInsightBadges } from "@/components/logs/token-insights";
import { LastUsed } from "@/components/logs/token-last-use";
import { formatUtcDate } from "@/components/time/format";
import { DateWithTitle, useNow } from "@/components/time/relative-time";
import { ExposedBadge } from "@/components/tokens/exposure";
import { daysUntil, describeExpiresIn, EXPIRY_WARNING_DAYS } from "@/components/tokens/format";
import { LifetimePolicyFlag } from "@/components/tokens/lifetime-policy-flag";
import { TokenStatusBadge } from "@/components/tokens/status-badge";
import { MadeBy } from "@/components/tokens/token-maker";
import { SelectAllCheckbox } from "@/components/tokens/token-selection";
import { UnusedRevocationNote } from "@/components/tokens/unused-revocation-note";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { AlertTriangleIcon, MoreHorizontalIcon } from "@/components/ui/icons";
import type { TokenInsight } from "@/lib/rules/insight-rules";
import { tokenLabel, tokenSuffix } from "@/lib/rules/token-label";
import { TOKEN_STATUS_RANK, type TokenStatus, tokenActions } from "@/lib/rules/token-status";
import { describeScopes } from "@/lib/scope-presets";
import type { TokenSummary } from "@/lib/services/tokens";
import { cn } from "@/lib/utils";

export function tokenDetailsHref(id: string): string {
  return `/settings/api-tokens/${id}`;
}

interface ColumnOptions {
  /** Owners and admins get the selection column (for bulk revocation) and Revoke in the menu. */
  canManage: boolean;
  onRevoke: (token: TokenSummary) => void;
  /** Usage insights by token id (unused, denied requests); absent for tokens without any. */
  insights: Record<string, TokenInsight>;
}

const byName: SortingFn<TokenSummary> = (a, b) =>
  a.original.name.localeCompare(b.original.name, undefined, { sensitivity: "base" });

const byStatus: SortingFn<TokenSummary> = (a, b) =>
  TOKEN_STATUS_RANK[a.original.status] - TOKEN_STATUS_RANK[b.original.status];

/** Compares optional instants; `missing` places tokens without one (never used, never expires). */
function byInstant(
  pick: (token: TokenSummary) => Date | null,
  missing: number,
): SortingFn<TokenSummary> {
  return (a: Row<TokenSummary>, b: Row<TokenSummary>) =>
    (pick(a.original)?.getTime() ?? missing) - (pick(b.original)?.getTime() ?? missing);
}

export function getTokenColumns({
  canManage,
  onRevoke,
  insights,
}: ColumnOptions): ColumnDef<TokenSummary>[] {
  return [
    ...(canManage ? [selectColumn] : []),
    {
      id: "name",
      accessorKey: "name",
      header: "Name",
      meta: { slot: "title" },
      sortingFn: byName,
      cell: ({ row }) => <NameCell token={row.original} insight={insights[row.original.id]} />,
    },
    {
      id: "token",
      accessorKey: "lastFour",
      header: "Token",
      enableSorting: false,
      cell: ({ row }) => (
        <code
          className="whitespace-nowrap rounded bg-muted px-1.5 py-0.5 font-mono text-xs"
          title={`Token ending in ${row.original.lastFour}`}
        >
          …{row.original.lastFour}
        </code>
      ),
    },
    {
      id: "permissions",
      accessorFn: (token) => describeScopes(token.scopes),
      header: "Permissions",
      enableSorting: false,
      cell: ({ getValue }) => (
        <span className="block max-w-48 text-sm leading-snug">{getValue<string>()}</span>
      ),
    },
    {
      id: "createdAt",
      accessorKey: "createdAt",
      header: "Created",
      meta: WHEN_ROOMY,
      sortDescFirst: true,
      sortingFn: byInstant((token) => token.createdAt, 0),
      cell: ({ row }) => (
        <div className="grid gap-0.5 whitespace-nowrap">
          <DateWithTitle date={row.original.createdAt} />
          {/* Wrapped, not cut: "by Terraform admin (API token)" is read to its end. */}
          <span className="max-w-44 whitespace-normal text-muted-foreground text-xs">
            <MadeBy token={row.original} />
          </span>
        </div>
      ),
    },
    {
      id: "lastUsedAt",
      accessorKey: "lastUsedAt",
      header: "Last used",
      meta: WHEN_ROOMY,
      sortDescFirst: true,
      // Never used sorts as the oldest.
      sortingFn: byInstant((token) => token.lastUsedAt, 0),
      cell: ({ row }) => <LastUsedCell token={row.original} />,
    },
    {
      id: "expiresAt",
      // "Never" is undefined to TanStack, so sortUndefined keeps it last both ways.
      accessorFn: (token) => token.expiresAt ?? undefined,
      header: "Expires",
      // Soonest first on the first click (TanStack would start dates descending).
      sortDescFirst: false,
      sortUndefined: "last",
      sortingFn: byInstant((token) => token.expiresAt, Number.MAX_SAFE_INTEGER),
      cell: ({ row }) => (
        <div className="grid gap-1">
          <ExpiresCell token={row.original} />
          <LifetimePolicyFlag tokenId={row.original.id} />
        </div>
      ),
    },
    {
      id: "status",
      accessorKey: "status",
      header: "Status",
      sortingFn: byStatus,
      filterFn: (row, _columnId, value: TokenStatus | undefined) =>
        value === undefined || row.original.status === value,
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          <TokenStatusBadge status={row.original.status} />
          <ExposedBadge exposure={row.original.exposure} />
          <UnusedRevocationNote days={row.original.revokedUnusedDays} />
        </div>
      ),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { slot: "trailing", headerClassName: "w-12", cellClassName: "w-12 text-right" },
      enableSorting: false,
      cell: ({ row }) => (
        <TokenRowActions token={row.original} canManage={canManage} onRevoke={onRevoke} />
      ),
    },
  ];
}

/**
 * Columns shown only when the list has room for all of them (60rem: the whole table at its
 * natural width). Narrower, as at 1024 px beside the sidebar, they give way so that Status
 * and the row's menu stay in view without scrolling the list sideways; the token's page
 * shows both, and the sort menu still sorts by them. A stacked list (phones) shows every
 * field whatever these classes say (globals.css).
 */
const WHEN_ROOMY = {
  headerClassName: "@max-[60rem]/main:hidden",
  cellClassName: "@max-[60rem]/main:hidden",
};

/** Checkboxes for bulk revocation; the header's selects every row the filters show. */
const selectColumn: ColumnDef<TokenSummary> = {
  id: "select",
  // The stacked form has no header row: SelectionBar offers "Select all shown" there.
  meta: { slot: "leading", headerClassName: "w-10 pr-0", cellClassName: "w-10 pr-0" },
  enableSorting: false,
  header: ({ table }) => <SelectAllCheckbox table={table} aria-label="Select all shown tokens" />,
  cell: ({ row }) => (
    <Checkbox
      aria-label={`Select ${tokenLabel(row.original)}`}
      checked={row.getIsSelected()}
      // A revoked token has nothing left to revoke.
      disabled={!row.getCanSelect()}
      onChange={row.getToggleSelectedHandler()}
    />
  ),
};

function NameCell({ token, insight }: { token: TokenSummary; insight?: TokenInsight }) {
  return (
    <div className="grid min-w-44 max-w-72 gap-0.5">
      <Link
        href={tokenDetailsHref(token.id)}
        data-token-link={token.id}
        className={cn(
          "truncate rounded-sm font-medium text-foreground hover:underline",
          token.status !== "active" && "text-muted-foreground",
        )}
      >
        {token.name}
      </Link>
      <RotationLine token={token} />
      {token.description ? (
        <span className="truncate text-muted-foreground text-xs" title={token.description}>
          {token.description}
        </span>
      ) : null}
      {/* Expiry has its own column, so only the usage insights show here. */}
      <TokenInsightBadges insight={insight} showExpiry={false} className="mt-1" />
    </div>
  );
}

/**
 * A rotation hands the token's name to its successor: this line tells the two rows apart
 * by what each became, where the Token and Status columns may be out of sight.
 */
function RotationLine({ token }: { token: TokenSummary }) {
  const other = token.rotatedAt ? token.successor : token.predecessor;
  if (!other) return null;
  return (
    <span className="truncate text-muted-foreground text-xs" data-testid="token-rotation-line">
      {token.rotatedAt ? "Rotated, replaced by " : "Replaces "}
      <code className="font-mono">{tokenSuffix(other.lastFour)}</code>
    </span>
  );
}

function LastUsedCell({ token }: { token: TokenSummary }) {
  return <LastUsed at={token.lastUsedAt} ip={token.lastUsedIp} />;
}

function ExpiresCell({ token }: { token: TokenSummary }) {
  const now = useNow(60_000);
  if (!token.expiresAt) return <span className="text-muted-foreground">Never</span>;
  const date = formatUtcDate(token.expiresAt);
  const title = `Stops working at 00:00 UTC on ${date}`;

  if (token.status === "expired" || token.expiresAt.getTime() <= now.getTime()) {
    return (
      <span className="whitespace-nowrap text-muted-foreground" title={title}>
        Expired {date}
      </span>
    );
  }
  const soon = token.status === "active" && daysUntil(token.expiresAt, now) < EXPIRY_WARNING_DAYS;
  if (!soon) {
    return (
      <span className="whitespace-nowrap" title={title}>
        {date}
      </span>
    );
  }
  return (
    <div className="grid gap-0.5 whitespace-nowrap" title={title}>
      <span
        className="inline-flex w-fit items-center gap-1 rounded-md bg-warning/10 px-1.5 py-0.5 font-medium text-[oklch(0.48_0.12_65)] text-xs"
        suppressHydrationWarning
      >
        <AlertTriangleIcon className="size-3.5" />
        {describeExpiresIn(token.expiresAt, now)}
      </span>
      <span className="text-muted-foreground text-xs">{date}</span>
    </div>
  );
}

function TokenRowActions({
  token,
  canManage,
  onRevoke,
}: {
  token: TokenSummary;
  canManage: boolean;
  onRevoke: (token: TokenSummary) => void;
}) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="size-8"
          aria-label={`Actions for ${tokenLabel(token)}`}
          data-token-actions={token.id}
        >
          <MoreHorizontalIcon />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuItem asChild>
          <Link href={tokenDetailsHref(token.id)}>View details</Link>
        </DropdownMenuItem>
        {tokenActions(token.status, canManage).revoke ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem variant="destructive" onSelect={() => onRevoke(token)}>
              Revoke…
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
