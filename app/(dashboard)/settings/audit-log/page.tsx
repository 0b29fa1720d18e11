import type { Metadata } from "next";
import Link from "next/link";
import { AuditLogFilters, type AuditLogFilterValues } from "@/components/audit/audit-log-filters";
import { AuditLogList } from "@/components/audit/audit-log-list";
import { EmptyState } from "@/components/layout/empty-state";
import { ExportCsvLink, FilterNotices, hrefWithQuery } from "@/components/logs/filter-notices";
import { buttonVariants } from "@/components/ui/button";
import { DataTablePagination } from "@/components/ui/data-table-pagination";
import { HistoryIcon, ShieldIcon } from "@/components/ui/icons";
import { memberPrincipal } from "@/lib/auth/principal";
import { forbiddenMessage } from "@/lib/permissions";
import { listAuditActorOptions, listAuditEvents } from "@/lib/services/audit/query";
import { holds } from "@/lib/services/authorize";
import { requireSessionContext } from "@/lib/session/session";
import {
  type AuditEventFilters,
  auditEventFiltersToSearchParams,
  formatActorFilter,
  hasActiveAuditFilters,
  parseAuditEventFilters,
} from "@/lib/validations/audit";

export const metadata: Metadata = { title: "Audit Log" };

const PAGE_PATH = "/settings/audit-log";

function formValues(filters: AuditEventFilters): AuditLogFilterValues {
  return {
    actor: filters.actor ? formatActorFilter(filters.actor) : "",
    action: filters.action ?? "",
    range: filters.range ?? (filters.from || filters.to ? "custom" : ""),
    hideSignIns: filters.hideSignIns === true,
  };
}

function Header({ children }: { children?: React.ReactNode }) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-4">
      <div className="grid gap-1">
        <h1 className="font-semibold text-2xl tracking-tight">Audit Log</h1>
        <p className="max-w-2xl text-muted-foreground text-sm">
          Who did what in your organization: token, member, plan and policy changes and sign-ins, by
          a person or by a token through the API. Events cannot be edited or deleted; they are kept
          for the retention period. Times are shown in your time zone; hover a time for UTC.
        </p>
      </div>
      {children}
    </header>
  );
}

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSessionContext();
  const { organization } = session;
  const viewer = memberPrincipal(session, null);
  if (!holds(viewer, organization.id, "audit:read")) {
    return (
      <div className="grid gap-6">
        <Header />
        <EmptyState
          icon={<ShieldIcon className="size-5" />}
          title="You can't view the audit log"
          body={`${forbiddenMessage("audit:read")} Ask an owner of ${organization.name} if you need to know who changed something.`}
        />
      </div>
    );
  }

  const { filters, notices } = parseAuditEventFilters(await searchParams);
  const [actors, page] = await Promise.all([
    listAuditActorOptions(viewer, organization.id),
    listAuditEvents(viewer, organization.id, filters),
  ]);
  const filterParams = auditEventFiltersToSearchParams({ ...filters, cursor: undefined });
  const newestHref = hrefWithQuery(PAGE_PATH, filterParams);
  const olderHref = page.nextCursor
    ? hrefWithQuery(
        PAGE_PATH,
        auditEventFiltersToSearchParams(filters, { cursor: page.nextCursor }),
      )
    : null;
  const exportParams = auditEventFiltersToSearchParams({ ...filters, limit: undefined });
  const isFirstPage = !filters.cursor;
  const empty = !isFirstPage
    ? {
        title: "No older events",
        body: "You have reached the end of the log for these filters.",
        href: newestHref,
        link: "Back to newest",
      }
    : hasActiveAuditFilters(filters)
      ? {
          title: "No events match these filters",
          body: "Try another actor, action or a wider time range.",
          href: PAGE_PATH,
          link: "Clear filters",
        }
      : {
          title: "No audit events yet",
          body: "Token changes, plan changes and sign-ins appear here as they happen.",
          href: null,
          link: null,
        };

  return (
    <div className="grid gap-6">
      <Header>
        <ExportCsvLink href={hrefWithQuery("/api/audit-log/export", exportParams)} />
      </Header>

      <AuditLogFilters key={filterParams.toString()} actors={actors} values={formValues(filters)} />

      <FilterNotices notices={notices} />

      {page.events.length === 0 ? (
        <EmptyState
          icon={<HistoryIcon className="size-5" />}
          title={empty.title}
          body={empty.body}
          action={
            empty.href ? (
              <Link
                href={empty.href}
                className={buttonVariants({ variant: "outline", size: "sm" })}
              >
                {empty.link}
              </Link>
            ) : null
          }
        />
      ) : (
        <section aria-label="Events" className="grid gap-3">
          <AuditLogList events={page.events} />
          <DataTablePagination
            label="Audit log pages"
            newestHref={newestHref}
            olderHref={olderHref}
            isFirstPage={isFirstPage}
            rowCount={page.events.length}
          />
        </section>
      )}
    </div>
  );
}
