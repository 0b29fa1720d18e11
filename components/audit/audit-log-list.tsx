import { AuditEventActor } from "@/components/audit/audit-event-actor";
import { LogTimestamp } from "@/components/logs/log-timestamp";
import { Card } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { auditActionLabel } from "@/lib/audit/actions";
import type { AuditEventView } from "@/lib/services/audit/query";

// One page of audit events: a table from the md breakpoint, a list of cards below it, so
// that a phone shows every field without scrolling sideways. Only one of the two is
// displayed (the other is display:none, which assistive technology skips too).

const TARGET_LABELS: Record<string, string> = {
  api_token: "Token",
  domain: "Domain",
  organization: "Organization",
  user: "Account",
};

function Target({ event }: { event: AuditEventView }) {
  const kind = TARGET_LABELS[event.targetType] ?? event.targetType;
  return (
    <span className="min-w-0 break-words">
      <span className="text-muted-foreground">{kind}</span>
      {event.targetName ? <> {event.targetName}</> : null}
    </span>
  );
}

/** What changed, when the event recorded a before/after list; else nothing. */
function Changes({ event }: { event: AuditEventView }) {
  const changes = event.metadata.changes;
  if (!changes || typeof changes !== "object") return null;
  const fields = Object.keys(changes);
  return fields.length > 0 ? (
    <span className="block text-muted-foreground text-xs">Changed: {fields.join(", ")}</span>
  ) : null;
}

/** Where a token revoked as exposed was found, as the report said (shown as text only). */
function ExposedAt({ event }: { event: AuditEventView }) {
  const { exposedUrl, exposedSource } = event.metadata;
  if (typeof exposedUrl !== "string") return null;
  const source = typeof exposedSource === "string" ? ` (${exposedSource})` : "";
  return (
    <span className="block break-all text-muted-foreground text-xs">
      Found at {exposedUrl}
      {source}
    </span>
  );
}

function Action({ event }: { event: AuditEventView }) {
  return (
    <span className="min-w-0">
      <span className="font-medium">{auditActionLabel(event.action, event.metadata)}</span>
      <Changes event={event} />
      <ExposedAt event={event} />
    </span>
  );
}

export function AuditLogList({ events }: { events: AuditEventView[] }) {
  return (
    <Card className="overflow-hidden">
      <Table aria-label="Audit events" className="hidden table-fixed md:table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead scope="col" className="w-40">
              Time
            </TableHead>
            <TableHead scope="col">Actor</TableHead>
            <TableHead scope="col">Action</TableHead>
            <TableHead scope="col">Target</TableHead>
            <TableHead scope="col" className="w-36">
              IP
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.map((event) => (
            <TableRow key={event.id}>
              <TableCell className="align-top">
                <LogTimestamp date={event.createdAt} />
              </TableCell>
              <TableCell className="align-top whitespace-normal">
                <AuditEventActor actor={event.actor} />
              </TableCell>
              <TableCell className="align-top whitespace-normal">
                <Action event={event} />
              </TableCell>
              <TableCell className="align-top whitespace-normal">
                <Target event={event} />
              </TableCell>
              <TableCell className="align-top font-mono text-xs break-all whitespace-normal">
                {event.ip ?? "—"}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ul aria-label="Audit events" className="divide-y md:hidden">
        {events.map((event) => (
          <li key={event.id} className="grid gap-1.5 px-4 py-3 text-sm">
            <Action event={event} />
            <AuditEventActor actor={event.actor} />
            <Target event={event} />
            <span className="flex flex-wrap gap-x-3 text-muted-foreground text-xs">
              <LogTimestamp date={event.createdAt} />
              {event.ip ? <span className="font-mono break-all">{event.ip}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
