import type { ReactNode } from "react";
import { LogStatusBadge } from "@/components/logs/log-status-badge";
import { CopyButton } from "@/components/ui/copy-button";
import { describeRefusal } from "@/lib/refusal-reasons";
import type { RequestLogRow } from "@/lib/services/logs/query";

// Everything stored about one request, shown when its row in the Access Logs is opened.
// The request id comes first with a Copy button: it is what a customer quotes to support,
// and what support (or the "Request ID" filter) finds the request by.

export function AccessLogDetail({ log, id }: { log: RequestLogRow; id: string }) {
  const reason = describeRefusal(log);
  return (
    <section
      id={id}
      aria-label="Request details"
      data-testid="access-log-detail"
      // On a narrow screen the table scrolls sideways: keep the details within view.
      className="sticky left-0 grid max-w-[calc(100vw-4rem)] gap-3 px-2 py-3"
    >
      <dl className="grid gap-x-6 gap-y-2.5 text-sm sm:grid-cols-[9rem_minmax(0,1fr)]">
        <Field term="Request ID">
          {log.requestId ? (
            <span className="flex flex-wrap items-center gap-2">
              <code className="break-all font-mono text-xs" data-testid="request-id">
                {log.requestId}
              </code>
              <CopyButton text={log.requestId} label="Copy request ID" size="sm" />
            </span>
          ) : (
            <span className="text-muted-foreground">Not recorded (older request)</span>
          )}
        </Field>
        <Field term="Time (UTC)">
          <span className="font-mono text-xs">{log.createdAt.toISOString()}</span>
        </Field>
        <Field term="Request">
          <span className="break-all font-mono text-xs">
            {log.method} {log.path}
          </span>
        </Field>
        <Field term="Status">
          <span className="flex flex-wrap items-center gap-2">
            <LogStatusBadge status={log.status} />
            {log.errorCode ? <code className="font-mono text-xs">{log.errorCode}</code> : null}
          </span>
        </Field>
        {reason ? (
          <Field term="Refused because">
            <span data-testid="detail-refusal-reason">{reason}</span>
          </Field>
        ) : null}
        <Field term="Token">
          {log.tokenName}{" "}
          <span className="break-all font-mono text-muted-foreground text-xs">{log.tokenId}</span>
        </Field>
        {log.afterRotation ? (
          <Field term="Rotation">Made with this token after it was rotated</Field>
        ) : null}
        <Field term="Client IP">
          <span className="font-mono text-xs">{log.clientIp}</span>
        </Field>
        <Field term="User agent">
          {log.userAgent ? (
            <span className="break-all font-mono text-xs">{log.userAgent}</span>
          ) : (
            <span className="text-muted-foreground">None sent</span>
          )}
        </Field>
        <Field term="Duration">{log.durationMs} ms</Field>
        {log.requestSummary ? <Field term="Request summary">{log.requestSummary}</Field> : null}
        {log.responseSummary ? <Field term="Response">{log.responseSummary}</Field> : null}
      </dl>
    </section>
  );
}

function Field({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="min-w-0 whitespace-normal">{children}</dd>
    </>
  );
}
