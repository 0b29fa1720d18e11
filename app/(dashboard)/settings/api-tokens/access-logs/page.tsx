import type { Metadata } from "next";
import Link from "next/link";
import { AccessLogFilters, type AccessLogFilterValues } from "@/components/logs/access-log-filters";
import { AccessLogsEmpty, AccessLogsWithoutApi } from "@/components/logs/access-logs-empty";
import { AccessLogsTable } from "@/components/logs/access-logs-table";
import { ExportCsvLink, FilterNotices, hrefWithQuery } from "@/components/logs/filter-notices";
import { DataTablePagination } from "@/components/ui/data-table-pagination";
import { memberPrincipal } from "@/lib/auth/principal";
import { planHasApiAccess, planLabel } from "@/lib/plans";
import { listDomainChoices } from "@/lib/services/domains/domains";
import { listLogTokenOptions, listRequestLogs } from "@/lib/services/logs/query";
import { requireSessionContext } from "@/lib/session/session";
import {
  hasActiveLogFilters,
  parseRequestLogFilters,
  type RequestLogFilters,
  requestLogFiltersToSearchParams,
} from "@/lib/validations/logs";

export const metadata: Metadata = { title: "Access Logs" };

const PAGE_PATH = "/settings/api-tokens/access-logs";

/** The filter bar's initial values: the URL form of the filters that were accepted. */
function formValues(filters: RequestLogFilters): AccessLogFilterValues {
  const params = requestLogFiltersToSearchParams(filters);
  const get = (name: string) => params.get(name) ?? "";
  return {
    token: get("token"),
    domain: get("domain"),
    status: get("status"),
    code: get("code"),
    method: get("method"),
    ip: get("ip"),
    path: get("path"),
    requestId: get("request_id"),
    range: get("range"),
    from: get("from"),
    to: get("to"),
  };
}

export default async function AccessLogsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSessionContext();
  const { organization } = session;
  const reader = { principal: memberPrincipal(session, null), organizationId: organization.id };
  const { filters, notices } = parseRequestLogFilters(await searchParams);
  let [tokens, page, domains] = await Promise.all([
    listLogTokenOptions(reader),
    listRequestLogs(reader, filters),
    listDomainChoices(reader),
  ]);

  // A token id from another organization (or a deleted token) matches nothing; say so and
  // show the view without it instead of an unexplained empty page.
  if (filters.tokenId && !tokens.some((token) => token.id === filters.tokenId)) {
    notices.push("Ignored token filter: no such token in this organization.");
    filters.tokenId = undefined;
    page = await listRequestLogs(reader, filters);
  }
  const filterParams = requestLogFiltersToSearchParams({ ...filters, cursor: undefined });
  const newestHref = hrefWithQuery(PAGE_PATH, filterParams);
  const olderHref = page.nextCursor
    ? hrefWithQuery(
        PAGE_PATH,
        requestLogFiltersToSearchParams(filters, { cursor: page.nextCursor }),
      )
    : null;
  const exportParams = requestLogFiltersToSearchParams({ ...filters, limit: undefined });
  const filtered = hasActiveLogFilters(filters);
  const isFirstPage = !filters.cursor;
  // A plan without the API logs nothing: with nothing logged before either (an organization
  // that downgraded keeps its history, filters and export), the page says so instead of
  // offering filters and an export of nothing.
  const unfilteredFirstPage = !filtered && isFirstPage;
  const nothingLogged =
    !planHasApiAccess(organization.plan) &&
    page.rows.length === 0 &&
    (unfilteredFirstPage || (await listRequestLogs(reader, { limit: 1 })).rows.length === 0);
  const planName = planLabel(organization.plan);

  return (
    // grid-cols-1 (minmax(0, 1fr)): nothing wide widens the page; the table scrolls inside.
    <div className="grid grid-cols-1 gap-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <nav aria-label="Breadcrumb" className="text-muted-foreground text-sm">
            <Link href="/settings/api-tokens" className="hover:text-foreground hover:underline">
              API Tokens
            </Link>
            <span aria-hidden="true"> / </span>
            <span aria-current="page">Access Logs</span>
          </nav>
          <h1 className="font-semibold text-2xl tracking-tight">Access Logs</h1>
          <p className="max-w-2xl text-muted-foreground text-sm">
            Every request made to the MailShield API with {organization.name}&apos;s tokens,
            including denied ones, kept for the retention period. Times are shown in your time zone;
            hover a time for UTC.
          </p>
        </div>
        <ExportCsvLink
          href={hrefWithQuery("/api/logs/export", exportParams)}
          disabledReason={
            nothingLogged
              ? `Nothing to export: the ${planName} plan has no API requests.`
              : undefined
          }
        />
      </header>

      {/* Not keyed by the filters: the bar stays mounted while results load, so typing
          goes on uninterrupted; it shows the URL's filters itself when another link sets them. */}
      {nothingLogged ? null : (
        <AccessLogFilters tokens={tokens} domains={domains} values={formValues(filters)} />
      )}

      <FilterNotices notices={notices} />

      {nothingLogged ? (
        <AccessLogsWithoutApi planName={planName} />
      ) : page.rows.length === 0 ? (
        <AccessLogsEmpty
          reason={!isFirstPage ? "no-older" : filtered ? "no-matches" : "no-requests"}
          clearHref={PAGE_PATH}
          newestHref={newestHref}
        />
      ) : (
        <section aria-label="Requests" className="grid gap-3">
          <AccessLogsTable rows={page.rows} />
          <DataTablePagination
            label="Access log pages"
            newestHref={newestHref}
            olderHref={olderHref}
            isFirstPage={isFirstPage}
            rowCount={page.rows.length}
          />
        </section>
      )}
    </div>
  );
}
