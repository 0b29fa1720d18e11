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
import type { Role } from "@/lib/generated/prisma/enums";
import { ROLE_LABELS } from "@/lib/permissions";
import { countOf } from "@/lib/plural";
import type { AuditEventView } from "@/lib/services/audit/query";

// One page of audit events: a table from the md breakpoint, a list of cards below it, so
// that a phone shows every field without scrolling sideways. Only one of the two is
// displayed (the other is display:none, which assistive technology skips too).

const TARGET_LABELS: Record<string, string> = {
  api_token: "Token",
  domain: "Domain",
  organization: "Organization",
  user: "Account",
  invitation: "Invitation",
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

/** Short enough to show inline as "before → after"; longer values are only named. */
const INLINE_VALUE_MAX = 40;

/** One changed field: its name, and its values when both are short strings (a role, a name). */
function describeChange(field: string, change: unknown): string {
  if (!change || typeof change !== "object") return field;
  const { before, after } = change as { before?: unknown; after?: unknown };
  const short = (value: unknown): value is string =>
    typeof value === "string" && value.length > 0 && value.length <= INLINE_VALUE_MAX;
  const label = (value: string) =>
    field === "role" ? (ROLE_LABELS[value as Role] ?? value) : value;
  return short(before) && short(after) ? `${field} ${label(before)} → ${label(after)}` : field;
}

/** What changed, when the event recorded a before/after list; else nothing. */
function Changes({ event }: { event: AuditEventView }) {
  const changes = event.metadata.changes;
  if (!changes || typeof changes !== "object") return null;
  const fields = Object.entries(changes).map(([field, change]) => describeChange(field, change));
  return fields.length > 0 ? (
    <span className="block break-words text-muted-foreground text-xs">
      Changed: {fields.join(", ")}
    </span>
  ) : null;
}

/** A membership's role (invited, joined, removed) and tokens revoked with a removal. */
function MemberDetail({ event }: { event: AuditEventView }) {
  if (!event.action.startsWith("member.")) return null;
  const { role, revokedTokens } = event.metadata;
  const parts = [
    typeof role === "string" ? `Role: ${ROLE_LABELS[role as Role] ?? role}` : null,
    typeof revokedTokens === "number" && revokedTokens > 0
      ? `${countOf(revokedTokens, "token")} revoked`
      : null,
  ].filter(Boolean);
  return parts.length > 0 ? (
    <span className="block text-muted-foreground text-xs">{parts.join(" · ")}</span>
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
      <MemberDetail event={event} />
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
