import { z } from "zod";
import { AUDIT_ACTION_NAMES, type AuditAction } from "@/lib/audit/actions";
import { type KeysetPosition, keysetCursorCodec, UUID_CURSOR_ID } from "@/lib/validations/cursor";
import { TIME_RANGE_PRESETS, type TimeRangePreset } from "@/lib/validations/logs";
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from "@/lib/validations/pagination";
import {
  type FilterIssue,
  isoInstant,
  parseEachParam,
  type SearchParamsInput,
} from "@/lib/validations/search-params";
import { isUuid } from "@/lib/validations/uuid";

// Filters of the audit log, shared by the Audit Log page, its CSV export and
// GET /api/v1/audit-events: the same parameters with the same meaning and the same cursor.
// The page drops a bad parameter with a notice; the export and the API refuse it (422).

/** Who acted, as a filter: a member, a token, or MailShield itself. */
export type AuditActorFilter =
  | { kind: "user"; id: string }
  | { kind: "token"; id: string }
  | { kind: "system" };

export type AuditEventFilters = {
  actor?: AuditActorFilter;
  action?: AuditAction;
  /** Leave out sign-in events (SIGN_IN_ACTIONS): the log of changes without the noise. */
  hideSignIns?: boolean;
  range?: TimeRangePreset;
  from?: Date;
  to?: Date;
  cursor?: KeysetPosition;
  limit: number;
};

/** The page shows more rows than an API page by default. */
export const DEFAULT_AUDIT_PAGE_SIZE = 50;

const auditKeysetCursor = keysetCursorCodec(UUID_CURSOR_ID);
export const encodeAuditCursor = auditKeysetCursor.encode;
export const decodeAuditCursor = auditKeysetCursor.decode;

/** "user:<uuid>", "token:<uuid>" or "system": how an actor filter appears in a URL. */
export function formatActorFilter(actor: AuditActorFilter): string {
  return actor.kind === "system" ? "system" : `${actor.kind}:${actor.id}`;
}

const ACTOR_MESSAGE = 'Actor must be "user:<id>", "token:<id>" or "system".';

/** One schema per parameter, so that each can fail on its own. */
export const auditFilterParamSchemas = {
  actor: z
    .string()
    .trim()
    .transform((value, ctx): AuditActorFilter => {
      if (value === "system") return { kind: "system" };
      const [kind, id] = value.split(":");
      if ((kind === "user" || kind === "token") && id && isUuid(id)) {
        return { kind, id: id.toLowerCase() };
      }
      ctx.addIssue({ code: "custom", message: ACTOR_MESSAGE });
      return z.NEVER;
    })
    .meta({ description: ACTOR_MESSAGE, examples: ["token:0193a000-0000-7000-8000-000000000001"] }),
  action: z
    .enum(AUDIT_ACTION_NAMES as [AuditAction, ...AuditAction[]], {
      error: "Action must be one of the audit log's actions.",
    })
    .meta({ description: "Only events of this action." }),
  hideSignIns: z
    .enum(["true", "false"], { error: "hideSignIns must be true or false." })
    .transform((value) => value === "true")
    .meta({
      description:
        "`true` leaves out sign-in events (`user.signed_in`, `user.sign_in_failed`, `user.two_factor_failed`).",
    }),
  range: z
    .enum(TIME_RANGE_PRESETS, {
      error: `Time range must be one of ${TIME_RANGE_PRESETS.join(", ")}.`,
    })
    .meta({ description: "Only the last hour, day, 7 or 30 days (instead of from/to)." }),
  from: isoInstant.meta({ description: "Only events at or after this instant (ISO 8601)." }),
  to: isoInstant.meta({ description: "Only events before this instant (ISO 8601)." }),
  cursor: z
    .string()
    .transform((value, ctx) => {
      const cursor = auditKeysetCursor.decode(value);
      if (!cursor) {
        ctx.addIssue({ code: "custom", message: "The cursor is invalid or outdated." });
        return z.NEVER;
      }
      return cursor;
    })
    .meta({ description: "Opaque cursor from a previous page's `pagination.nextCursor`." }),
  limit: z.coerce
    .number({ error: `Page size must be a whole number from 1 to ${MAX_PAGE_LIMIT}.` })
    .int({ error: `Page size must be a whole number from 1 to ${MAX_PAGE_LIMIT}.` })
    .min(1, { error: `Page size must be a whole number from 1 to ${MAX_PAGE_LIMIT}.` })
    .max(MAX_PAGE_LIMIT, { error: `Page size is at most ${MAX_PAGE_LIMIT}.` })
    .meta({ description: `Items per page, 1–${MAX_PAGE_LIMIT}.` }),
};

type Values = Partial<{
  [K in keyof typeof auditFilterParamSchemas]: z.output<(typeof auditFilterParamSchemas)[K]>;
}>;

/** The filters of parsed parameters, and the contradictions among them as issues. */
function toFilters(
  values: Values,
  defaultLimit: number,
): {
  filters: AuditEventFilters;
  conflict?: FilterIssue;
} {
  const { actor, action, hideSignIns, range, from, to, cursor, limit = defaultLimit } = values;
  const filters: AuditEventFilters = {
    actor,
    action,
    ...(hideSignIns && { hideSignIns }),
    cursor,
    limit,
  };
  if (range && (from || to)) {
    return {
      filters: { ...filters, range },
      conflict: { path: from ? "from" : "to", message: "from/to cannot be combined with range." },
    };
  }
  if (from && to && from.getTime() > to.getTime()) {
    return { filters, conflict: { path: "from", message: "“from” is after “to”." } };
  }
  return { filters: { ...filters, range, from, to } };
}

const PARAM_LABELS: Record<keyof typeof auditFilterParamSchemas, string> = {
  actor: "actor filter",
  action: "action filter",
  hideSignIns: "“Hide sign-ins”",
  range: "time range",
  from: "“from” date",
  to: "“to” date",
  cursor: "page link",
  limit: "page size",
};

/**
 * URL parameters → filters. Never throws: invalid or contradictory parameters are left
 * out, explained in `notices` (for the page) and listed in `issues` (for a refusal).
 */
export function parseAuditEventFilters(
  params: SearchParamsInput,
  defaultLimit = DEFAULT_AUDIT_PAGE_SIZE,
): { filters: AuditEventFilters; notices: string[]; issues: FilterIssue[] } {
  const { values, notices, issues, ignore } = parseEachParam(
    auditFilterParamSchemas,
    PARAM_LABELS,
    params,
  );
  const { filters, conflict } = toFilters(values, defaultLimit);
  if (conflict)
    ignore(conflict.path, `Ignored the time range: ${conflict.message}`, conflict.message);
  return { filters, notices, issues };
}

/** The query of GET /api/v1/audit-events: the same parameters, refused when invalid. */
export const auditEventQuerySchema = z
  .object({
    actor: auditFilterParamSchemas.actor.optional(),
    action: auditFilterParamSchemas.action.optional(),
    hideSignIns: auditFilterParamSchemas.hideSignIns.optional(),
    range: auditFilterParamSchemas.range.optional(),
    from: auditFilterParamSchemas.from.optional(),
    to: auditFilterParamSchemas.to.optional(),
    cursor: auditFilterParamSchemas.cursor.optional(),
    limit: auditFilterParamSchemas.limit.default(DEFAULT_PAGE_LIMIT),
  })
  .transform((values, ctx) => {
    const { filters, conflict } = toFilters(values, DEFAULT_PAGE_LIMIT);
    if (conflict) {
      ctx.addIssue({ code: "custom", path: [conflict.path], message: conflict.message });
      return z.NEVER;
    }
    return filters;
  });

/** The URL form of filters (the inverse of parseAuditEventFilters). */
export function auditEventFiltersToSearchParams(
  filters: Partial<AuditEventFilters>,
  options: { cursor?: string | null } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.actor) params.set("actor", formatActorFilter(filters.actor));
  if (filters.action) params.set("action", filters.action);
  if (filters.hideSignIns) params.set("hideSignIns", "true");
  if (filters.range) params.set("range", filters.range);
  if (filters.from) params.set("from", filters.from.toISOString());
  if (filters.to) params.set("to", filters.to.toISOString());
  if (filters.limit && filters.limit !== DEFAULT_AUDIT_PAGE_SIZE) {
    params.set("limit", String(filters.limit));
  }
  if (options.cursor) params.set("cursor", options.cursor);
  return params;
}

export function hasActiveAuditFilters(filters: AuditEventFilters): boolean {
  return Boolean(
    filters.actor ||
      filters.action ||
      filters.hideSignIns ||
      filters.range ||
      filters.from ||
      filters.to,
  );
}
