import Link from "next/link";
import type { ReactNode } from "react";
import { AfterRotationBadge } from "@/components/logs/after-rotation-badge";
import { LogOutcome } from "@/components/logs/log-outcome";
import { LogRequest } from "@/components/logs/log-request";
import { LogStatusBadge } from "@/components/logs/log-status-badge";
import { LogTimestamp } from "@/components/logs/log-timestamp";
import { TokenActivityChart } from "@/components/logs/token-activity-chart";
import { accessLogsHrefForToken } from "@/components/logs/token-activity-links";
import { LastDeniedAttempt, LastUsed } from "@/components/logs/token-last-use";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChevronRightIcon } from "@/components/ui/icons";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { ACTIVITY_DAYS } from "@/lib/rules/insight-rules";
import type { TokenActivity as TokenActivityData } from "@/lib/services/logs/token-activity";

// The activity section of a token's detail page: what the token did over the last 30
// days, when and from where it was last used (and last denied), and its most recent requests.

const percentFormat = new Intl.NumberFormat("en-US", {
  style: "percent",
  maximumFractionDigits: 1,
});
const countFormat = new Intl.NumberFormat("en-US");

export function TokenActivity({
  activity,
  tokenId,
}: {
  activity: TokenActivityData;
  tokenId: string;
}) {
  const allLogsHref = accessLogsHrefForToken(tokenId);

  return (
    <Card aria-labelledby="token-activity-title">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1.5">
          <CardTitle id="token-activity-title">Activity</CardTitle>
          <CardDescription>
            Requests made with this token in the last {ACTIVITY_DAYS} days.
          </CardDescription>
        </div>
        <Link href={allLogsHref} className={buttonVariants({ variant: "outline", size: "sm" })}>
          View all in Access Logs
          <ChevronRightIcon />
        </Link>
      </CardHeader>
      <CardContent className="grid gap-6">
        <ActivityFigures activity={activity} />
        {activity.lastDenied ? (
          <LastDeniedAttempt attempt={activity.lastDenied} tokenId={tokenId} />
        ) : null}
        {activity.totalRequests > 0 ? <TokenActivityChart daily={activity.daily} /> : null}
        {activity.recent.length > 0 ? (
          <RecentRequests activity={activity} />
        ) : (
          <div className="grid justify-items-center gap-1 rounded-lg border border-dashed px-6 py-10 text-center">
            <p className="font-medium text-sm">No requests yet</p>
            <p className="max-w-sm text-muted-foreground text-sm">
              When an integration calls the API with this token, its requests appear here, including
              denied ones.
            </p>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function ActivityFigures({ activity }: { activity: TokenActivityData }) {
  const { lastUsed } = activity;
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Figure label={`Requests (${ACTIVITY_DAYS} days)`}>
        <span data-testid="activity-total">{countFormat.format(activity.totalRequests)}</span>
      </Figure>
      <Figure label="Failure rate">
        {activity.failureRate === null ? (
          <span className="text-muted-foreground">—</span>
        ) : (
          <span className={activity.failureRate >= 0.1 ? "text-destructive" : undefined}>
            {percentFormat.format(activity.failureRate)}
          </span>
        )}
        {activity.failedRequests > 0 ? (
          <span className="block font-normal text-muted-foreground text-xs">
            {countFormat.format(activity.failedRequests)} failed
          </span>
        ) : null}
      </Figure>
      <Figure label="Distinct IPs">{countFormat.format(activity.distinctIps)}</Figure>
      <Figure label="Last used">
        <LastUsed at={lastUsed?.at ?? null} ip={lastUsed?.ip ?? null} className="text-sm">
          {lastUsed?.isNewIp ? (
            <Badge
              variant="warning"
              title={`This token had not been used from this IP in the ${ACTIVITY_DAYS} days before.`}
              data-testid="new-ip-badge"
            >
              New IP
            </Badge>
          ) : null}
        </LastUsed>
      </Figure>
    </dl>
  );
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid content-start gap-1 rounded-lg border bg-muted/30 px-4 py-3">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="font-semibold text-xl tabular-nums tracking-tight">{children}</dd>
    </div>
  );
}

function RecentRequests({ activity }: { activity: TokenActivityData }) {
  return (
    <section aria-labelledby="recent-requests-title" className="grid gap-2">
      <h3 id="recent-requests-title" className="font-medium text-sm">
        Recent requests
      </h3>
      <div className="overflow-hidden rounded-lg border">
        <Table
          aria-labelledby="recent-requests-title"
          className="min-w-[48rem] table-fixed"
          stacked
        >
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead scope="col" className="w-36">
                Time
              </TableHead>
              <TableHead scope="col">Request</TableHead>
              <TableHead scope="col" className="w-18">
                Status
              </TableHead>
              <TableHead scope="col" className="w-36">
                IP
              </TableHead>
              <TableHead scope="col" className="w-22 text-right">
                Duration
              </TableHead>
              <TableHead scope="col" className="w-44">
                Response
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {activity.recent.map((log) => (
              <TableRow key={log.id} data-testid="token-activity-row">
                <TableCell label="Time" className="py-2">
                  <LogTimestamp
                    date={log.createdAt}
                    className="whitespace-nowrap text-xs tabular-nums"
                  />
                </TableCell>
                <TableCell label="Request" className="py-2">
                  <LogRequest method={log.method} path={log.path} />
                </TableCell>
                <TableCell label="Status" className="py-2">
                  <LogStatusBadge status={log.status} />
                </TableCell>
                <TableCell
                  label="IP"
                  className="truncate py-2 font-mono text-xs"
                  title={log.clientIp}
                >
                  {log.clientIp}
                </TableCell>
                <TableCell
                  label="Duration"
                  className="whitespace-nowrap py-2 text-right text-xs tabular-nums"
                >
                  {log.durationMs} ms
                </TableCell>
                <TableCell label="Response" className="py-2 text-xs">
                  <div className="flex min-w-0 items-center gap-1.5">
                    {log.afterRotation ? <AfterRotationBadge /> : null}
                    <LogOutcome log={log} />
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}
