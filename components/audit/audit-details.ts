import { formatUtcDate, formatUtcDateTime } from "@/components/time/format";
import type { Plan, Role } from "@/lib/generated/prisma/enums";
import { isScope, ROLE_LABELS } from "@/lib/permissions";
import { PLANS, planLabel } from "@/lib/plans";
import { countOf } from "@/lib/plural";
import { describeScopes } from "@/lib/scope-presets";

// What an audit event's metadata says, in words: each change as "before → after" with the
// UI's own wording (roles, plans, dates like "Jan 6, 2027", a token's permissions), list
// fields (IP allowlist, scopes) as what was added and removed, and what a creation set.
// Pure and client-safe: the Audit Log page renders it on the server and in the browser
// alike. Events recorded before a field was kept simply show fewer lines.

export type AuditDetail =
  | { kind: "change"; label: string; before: string; after: string }
  | {
      kind: "list";
      label: string;
      summary?: { before: string; after: string };
      added: string[];
      removed: string[];
    }
  | { kind: "value"; label: string; value: string };

type Metadata = Record<string, unknown>;

/** How one field's values read: its label and how a stored value is written. */
interface FieldWording {
  label: string;
  format: (value: unknown) => string;
  /** A list field: changes show as added and removed entries. */
  list?: boolean;
  /** A list field's whole value in words ("Full access"), shown beside its entries. */
  summary?: (values: string[]) => string;
}

const NONE = "none";

function textOf(value: unknown): string {
  if (value === null || value === undefined || value === "") return NONE;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * A date as the UI writes it: a calendar date ("2027-01-06") or an instant. A token's
 * expiry is a UTC calendar date, so it is written without a time.
 */
export function formatAuditDate(value: unknown, never = "Never"): string {
  if (value === null || value === undefined || value === "") return never;
  if (typeof value !== "string") return textOf(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatUtcDate(new Date(`${value}T00:00:00Z`));
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const midnight = date.getUTCHours() + date.getUTCMinutes() + date.getUTCSeconds() === 0;
  return midnight ? formatUtcDate(date) : formatUtcDateTime(date);
}

function roleOf(value: unknown): string {
  return typeof value === "string" && value in ROLE_LABELS
    ? ROLE_LABELS[value as Role]
    : textOf(value);
}

function planOf(value: unknown): string {
  return typeof value === "string" && (PLANS as readonly string[]).includes(value)
    ? planLabel(value as Plan)
    : textOf(value);
}

function lifetimeOf(value: unknown): string {
  if (value === null || value === undefined) return "No maximum";
  return typeof value === "number" ? countOf(value, "day") : textOf(value);
}

function onOff(value: unknown): string {
  return value === true ? "Required" : value === false ? "Not required" : textOf(value);
}

function durationOf(value: unknown): string {
  if (typeof value !== "number") return textOf(value);
  if (value === 0) return "none (the old token stopped at once)";
  if (value % 86_400 === 0) return countOf(value / 86_400, "day");
  if (value % 3_600 === 0) return countOf(value / 3_600, "hour");
  return countOf(Math.round(value / 60), "minute");
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => textOf(item));
  // Never stored so far, but a list kept as text would still read.
  if (typeof value === "string" && value.trim()) return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

function scopesSummary(values: string[]): string {
  return describeScopes(values.filter(isScope));
}

/**
 * Every field an event may record, by the name it is stored under. The names are those of
 * the events since the first (a token's expiry is `expirationDate`).
 */
const FIELDS: Record<string, FieldWording> = {
  name: { label: "Name", format: textOf },
  description: { label: "Description", format: textOf },
  ipAllowlist: {
    label: "IP allowlist",
    format: (value) => (listOf(value).length ? listOf(value).join(", ") : "any IP"),
    list: true,
  },
  scopes: {
    label: "Permissions",
    format: (value) => scopesSummary(listOf(value)),
    list: true,
    summary: scopesSummary,
  },
  expirationDate: { label: "Expires", format: (value) => formatAuditDate(value) },
  expiresAt: { label: "Link expires", format: (value) => formatAuditDate(value) },
  role: { label: "Role", format: roleOf },
  plan: { label: "Plan", format: planOf },
  maxTokenLifetimeDays: { label: "Maximum token lifetime", format: lifetimeOf },
  requireTwoFactor: { label: "Two-factor authentication", format: onOff },
  template: { label: "Template", format: textOf },
};

/** "maxTokenLifetimeDays" → "Max token lifetime days", for a field this version does not know. */
function humanize(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ");
  return `${words.charAt(0).toUpperCase()}${words.slice(1).toLowerCase()}`;
}

function wordingOf(field: string): FieldWording {
  return FIELDS[field] ?? { label: humanize(field), format: textOf };
}

/** One recorded change: before → after, or for a list the entries added and removed. */
export function describeChange(field: string, change: unknown): AuditDetail {
  const wording = wordingOf(field);
  if (!change || typeof change !== "object" || !("before" in change || "after" in change)) {
    // An event that named the field only: nothing more to say than that it changed.
    return { kind: "value", label: wording.label, value: "changed" };
  }
  const { before, after } = change as { before?: unknown; after?: unknown };
  if (wording.list) {
    const old = listOf(before);
    const now = listOf(after);
    return {
      kind: "list",
      label: wording.label,
      ...(wording.summary && {
        summary: { before: wording.summary(old), after: wording.summary(now) },
      }),
      added: now.filter((entry) => !old.includes(entry)),
      removed: old.filter((entry) => !now.includes(entry)),
    };
  }
  return {
    kind: "change",
    label: wording.label,
    before: wording.format(before),
    after: wording.format(after),
  };
}

/** The values a creation or an invitation set, in the order people read them. */
const SET_FIELDS: Partial<Record<string, string[]>> = {
  "token.created": ["template", "scopes", "expirationDate", "ipAllowlist", "description"],
  "member.invited": ["role"],
  "member.joined": ["role"],
  "member.removed": ["role"],
  "member.invitation_revoked": ["role"],
};

function valueDetail(field: string, value: unknown): AuditDetail | null {
  if (value === undefined) return null;
  const wording = wordingOf(field);
  // An empty description or allowlist says nothing worth a line.
  if (field === "description" && !value) return null;
  return { kind: "value", label: wording.label, value: wording.format(value) };
}

function rotationDetails(metadata: Metadata): AuditDetail[] {
  const details: AuditDetail[] = [];
  if (typeof metadata.gracePeriodSeconds === "number") {
    details.push({
      kind: "value",
      label: "Grace period",
      value: durationOf(metadata.gracePeriodSeconds),
    });
  }
  if (metadata.expireOnFirstUse === true) {
    details.push({
      kind: "value",
      label: "Old token",
      value: "stops when the new one is first used",
    });
  }
  if (typeof metadata.rotationEndsAt === "string" && metadata.gracePeriodSeconds !== 0) {
    details.push({
      kind: "value",
      label: "Old token works until",
      value: formatAuditDate(metadata.rotationEndsAt),
    });
  }
  if ("successorExpiresAt" in metadata) {
    details.push({
      kind: "value",
      label: "New token expires",
      value: formatAuditDate(metadata.successorExpiresAt),
    });
  }
  return details;
}

/** What an event recorded, line by line (nothing for an event with nothing to add). */
export function describeAuditDetails(action: string, metadata: Metadata): AuditDetail[] {
  const details: AuditDetail[] = [];
  const fields = SET_FIELDS[action] ?? [];
  for (const field of fields) {
    const detail = valueDetail(field, metadata[field]);
    if (detail) details.push(detail);
  }
  if (action === "token.rotated") details.push(...rotationDetails(metadata));
  const changes = metadata.changes;
  if (changes && typeof changes === "object" && !Array.isArray(changes)) {
    for (const [field, change] of Object.entries(changes)) {
      details.push(describeChange(field, change));
    }
  } else if (Array.isArray(changes)) {
    for (const field of changes) {
      if (typeof field === "string") details.push(describeChange(field, null));
    }
  }
  if (typeof metadata.revokedTokens === "number" && metadata.revokedTokens > 0) {
    details.push({
      kind: "value",
      label: "Tokens revoked",
      value: String(metadata.revokedTokens),
    });
  }
  if (typeof metadata.invitedBy === "string") {
    details.push({ kind: "value", label: "Invited by", value: metadata.invitedBy });
  }
  if (metadata.reason === "member_removed") {
    details.push({ kind: "value", label: "Why", value: "the member who created it was removed" });
  }
  if (typeof metadata.sessions === "number") {
    details.push({ kind: "value", label: "Sessions", value: String(metadata.sessions) });
  }
  if (metadata.method === "passkey") {
    details.push({ kind: "value", label: "Method", value: "passkey" });
  }
  return details;
}
