import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";

// The one permission table: which role holds what, which permissions a token may hold as
// scopes, and every wording of them. The table below is the whole answer to "who can do
// what"; lib/services/authorize.ts is the one place that applies it to who acts. Client-safe:
// no server imports (the Permissions choice is written from it in the browser).

const EVERY_ROLE = ["OWNER", "ADMIN", "MEMBER"] as const satisfies readonly Role[];

/**
 * Every permission, `<resource>:<action>`: who holds it by role, what it covers in a few
 * words (`covers`: the role descriptions and the Permissions choice's labels) and in a
 * sentence (`details`: the Permissions choice, the OpenAPI document and docs/api.md), and
 * the refusal's text. Nothing else describes a permission: every wording is written from
 * here. API token scopes are the same strings (SCOPES below); the rest are role-only. A
 * `:write` permission includes the `:read` of the same resource.
 */
const PERMISSIONS = {
  "domains:read": {
    roles: EVERY_ROLE,
    covers: { verb: "view", what: "domains" },
    details: "List and read the organization's domains.",
    forbiddenMessage: "You cannot view this organization's domains.",
  },
  "domains:write": {
    roles: ["OWNER", "ADMIN"],
    covers: { verb: "manage", what: "domains" },
    details: "Add, change and delete domains.",
    forbiddenMessage: "Only owners and admins can manage domains.",
  },
  "logs:read": {
    roles: EVERY_ROLE,
    covers: { verb: "view", what: "access logs" },
    details: "Read the access log of API requests.",
    forbiddenMessage: "You cannot view this organization's access logs.",
  },
  "tokens:read": {
    roles: EVERY_ROLE,
    covers: { verb: "view", what: "API tokens" },
    details: "List and inspect API tokens (never their secret).",
    forbiddenMessage: "You cannot view this organization's tokens.",
  },
  "tokens:write": {
    roles: ["OWNER", "ADMIN"],
    covers: { verb: "manage", what: "API tokens" },
    details: "Create, edit, rotate and revoke API tokens.",
    forbiddenMessage: "Only owners and admins can manage tokens",
  },
  "audit:read": {
    roles: ["OWNER", "ADMIN"],
    covers: { verb: "view", what: "the audit log" },
    details:
      "Read the audit log: who changed tokens, domains, members, the plan and policies, and sign-ins.",
    forbiddenMessage: "Only owners and admins can view the audit log.",
  },
  "webhooks:read": {
    roles: EVERY_ROLE,
    covers: { verb: "view", what: "webhooks" },
    details: "List webhook endpoints and their delivery log (never a signing secret).",
    forbiddenMessage: "You cannot view this organization's webhooks.",
  },
  /** Webhooks: what owners and admins manage (the issue's `webhooks:manage`). */
  "webhooks:write": {
    roles: ["OWNER", "ADMIN"],
    covers: { verb: "manage", what: "webhooks" },
    details:
      "Add, change, disable and delete webhook endpoints, rotate their signing secrets and resend deliveries.",
    forbiddenMessage: "Only owners and admins can manage webhooks.",
  },
  "members:read": {
    roles: EVERY_ROLE,
    covers: { verb: "view", what: "members" },
    details: "See who belongs to the organization and with which role.",
    forbiddenMessage: "You cannot view this organization's members.",
  },
  "members:manage": {
    roles: ["OWNER"],
    covers: { verb: "manage", what: "members" },
    details: "Invite people, revoke invitations, change members' roles and remove members.",
    forbiddenMessage: "Only owners can invite, change or remove members.",
  },
  "billing:manage": {
    roles: ["OWNER"],
    covers: { verb: "manage", what: "billing" },
    details: "Change the organization's plan.",
    forbiddenMessage: "Only the organization owner can change the plan.",
  },
  "policies:manage": {
    roles: ["OWNER"],
    covers: { verb: "manage", what: "token policies" },
    details: "Set the organization's token policies (the maximum token lifetime).",
    forbiddenMessage: "Only the organization owner can change the token policy.",
  },
  /** Require two-factor authentication of every member. */
  "security:manage": {
    roles: ["OWNER"],
    covers: { verb: "manage", what: "the two-factor requirement" },
    details: "Require every member of the organization to use two-factor authentication.",
    forbiddenMessage: "Only owners can change whether two-factor authentication is required.",
  },
} as const satisfies Record<
  `${string}:${string}`,
  {
    roles: readonly Role[];
    covers: { verb: "view" | "manage"; what: string };
    details: string;
    forbiddenMessage: string;
  }
>;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

// ---------------------------------------------------------------------------------------
// API token scopes: what a token, rather than a member, may call. Each /api/v1 operation
// declares the one scope it requires (lib/api/operation.ts); a token will be granted a list.

/**
 * The permissions a token can hold, each a scope an /api/v1 operation can require. The
 * others (members, billing, policies) are role-only: no token holds them.
 */
export const SCOPES = [
  "domains:read",
  "domains:write",
  "logs:read",
  "tokens:read",
  "tokens:write",
  "audit:read",
  "webhooks:read",
  "webhooks:write",
] as const satisfies readonly Permission[];

export type Scope = (typeof SCOPES)[number];

/** What a token holds when created without a choice, and what every earlier token holds. */
export const DEFAULT_SCOPES: readonly Scope[] = ["domains:read", "domains:write"];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Marks an operation on the presenting token itself (/tokens/self): any valid token may. */
export const SELF_SCOPE = "self";

/** What an operation declares it requires: a scope, or the token's own record. */
export type RequiredScope = Scope | typeof SELF_SCOPE;

/**
 * Whether a token granted `granted` may call an operation requiring `required`. Write
 * implies read of the same resource: `domains:write` satisfies `domains:read`, never the
 * reverse, and never another resource's scope.
 */
export function scopeSatisfies(granted: readonly Scope[], required: Scope): boolean {
  if (granted.includes(required)) return true;
  const [resource, access] = required.split(":");
  return access === "read" && granted.includes(`${resource}:write` as Scope);
}

/**
 * The scope an operation on one token (revoke, rotate) requires of the calling token:
 * `scope` in general, none (SELF_SCOPE) when the target is the caller itself. A token may
 * always revoke and rotate itself, whatever its scopes: the holder of a leaked read-only
 * token can still kill it, and a CI job can renew its own credential without the right to
 * manage other tokens. (Once rotated, a token in its grace period may still revoke itself
 * but act on no other token: lib/services/tokens/guards.ts.) Ids are compared as UUIDs (in
 * any letter case).
 */
export function scopeOnToken(
  scope: Scope,
  callerTokenId: string,
  targetTokenId: string,
): RequiredScope {
  return targetTokenId.toLowerCase() === callerTokenId.toLowerCase() ? SELF_SCOPE : scope;
}

/** Each role's name as the dashboard and emails write it. */
export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  MEMBER: "Member",
};

/** The role as a sentence names it: "an Owner", "an Admin", "a Member". */
export function roleWithArticle(role: Role): string {
  const label = ROLE_LABELS[role];
  return `${/^[AEIOU]/.test(label) ? "an" : "a"} ${label}`;
}

/** What `permission` allows, in one sentence from the table. */
export function permissionDetails(permission: Permission): string {
  return PERMISSIONS[permission].details;
}

/** What `permission` is about, as a sentence names it: "domains", "the audit log". */
export function permissionObject(permission: Permission): string {
  return PERMISSIONS[permission].covers.what;
}

/** What `permission` is about, as a label: "Domains", "Access logs", "Audit log". */
export function permissionSubject(permission: Permission): string {
  const what = permissionObject(permission).replace(/^the /, "");
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}`;
}

/** The permissions `role` holds, in the table's order. */
export function permissionsOf(role: Role): Permission[] {
  return ALL_PERMISSIONS.filter((permission) => can(role, permission));
}

/**
 * What `role` may do, in one line written from the table: what it manages, then what it
 * only views (a resource it manages is not repeated), e.g. "Manage API tokens and domains;
 * view access logs, the audit log and members."
 */
function describeRole(role: Role): string {
  const held = permissionsOf(role).map((permission) => PERMISSIONS[permission].covers);
  const managed: string[] = held.filter((c) => c.verb === "manage").map((c) => c.what);
  const viewed = held
    .filter((c) => c.verb === "view" && !managed.includes(c.what))
    .map((c) => c.what);
  const clauses = [
    managed.length > 0 ? `manage ${listInWords(managed)}` : null,
    viewed.length > 0 ? `view ${listInWords(viewed)}` : null,
    managed.length === 0 ? "change nothing" : null,
  ].filter((clause) => clause !== null);
  const sentence = clauses.join("; ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** What each role may do, in one line: the table above, in words. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: describeRole("OWNER"),
  ADMIN: describeRole("ADMIN"),
  MEMBER: describeRole("MEMBER"),
};

/** The roles in the order the dashboard lists them, most rights first. */
export const ROLES: readonly Role[] = ["OWNER", "ADMIN", "MEMBER"];

/** Whether a member with `role` holds `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

/** The `forbidden` error refusing `permission`, with the text the member sees. */
export function forbidden(permission: Permission): AppError {
  return new AppError("forbidden", forbiddenMessage(permission));
}

/**
 * The 403 refusing a token that lacks `scope` (RFC 6750 §3.1: `insufficient_scope`, naming
 * the scope the request needs), from the request pipeline and from `authorize` alike.
 */
export function insufficientScope(scope: Scope): AppError {
  return new AppError(
    "insufficient_scope",
    `This token lacks the ${scope} scope that this operation requires.`,
    {
      headers: {
        "WWW-Authenticate": `Bearer realm="MailShield", error="insufficient_scope", scope="${scope}"`,
      },
    },
  );
}

/** Why a member without `permission` cannot act (pages show it next to a disabled control). */
export function forbiddenMessage(permission: Permission): string {
  return PERMISSIONS[permission].forbiddenMessage;
}
