import {
  DEFAULT_SCOPES,
  listInWords,
  permissionDetails,
  permissionObject,
  permissionSubject,
  SCOPES,
  type Scope,
  scopeSatisfies,
} from "@/lib/permissions";

// How people choose and read a token's scopes: the presets of the Permissions choice, the
// per-resource levels of its custom choice, and the one wording the tokens list and a
// token's page show. Built from SCOPES (lib/permissions.ts), so a new scope appears in the
// form and the wording without a change here. Client-safe.

/** A resource as the scopes name it: `domains` of `domains:read`. */
export type ScopeResource = Scope extends `${infer Resource}:${string}` ? Resource : never;

/** What a token may do with one resource. Write implies read, so there is no write-only. */
export type ResourceAccess = "none" | "read" | "write";

export type ScopePreset = "full" | "readOnly" | "custom";

/** Every scope: what the API can do with the organization's data. */
export const FULL_ACCESS_SCOPES: readonly Scope[] = SCOPES;
/** Every `:read` scope: look, never change. */
export const READ_ONLY_SCOPES: readonly Scope[] = SCOPES.filter((scope) => scope.endsWith(":read"));

/**
 * What each resource covers, in the words of the custom choice, written from the
 * permission table: its read, then what its write adds ("List and read the organization's
 * domains; with write, add, change and delete domains.").
 */
export const RESOURCE_DESCRIPTIONS = Object.fromEntries(
  [...new Set(SCOPES.map(resourceOf))].map((resource) => {
    const read = permissionDetails(`${resource}:read` as Scope);
    const write = SCOPES.includes(`${resource}:write` as Scope)
      ? permissionDetails(`${resource}:write` as Scope)
      : null;
    const text = write
      ? `${read.replace(/\.$/, "")}; with write, ${write.charAt(0).toLowerCase()}${write.slice(1)}`
      : read;
    return [resource, text];
  }),
) as Record<ScopeResource, string>;

/** The resources in the order of SCOPES, each with the levels it offers. */
export const SCOPE_RESOURCES: ReadonlyArray<{
  resource: ScopeResource;
  label: string;
  levels: readonly ResourceAccess[];
}> = [...new Set(SCOPES.map(resourceOf))].map((resource) => ({
  resource,
  // "Domains", "Access logs": the table's name for what the read covers.
  label: permissionSubject(`${resource}:read` as Scope),
  levels: SCOPES.includes(`${resource}:write` as Scope)
    ? ["none", "read", "write"]
    : ["none", "read"],
}));

export const RESOURCE_ACCESS_LABELS: Record<ResourceAccess, string> = {
  none: "No access",
  read: "Read",
  write: "Read & write",
};

function resourceOf(scope: Scope): ScopeResource {
  return scope.slice(0, scope.indexOf(":")) as ScopeResource;
}

/** The level a token holding `scopes` has on `resource`. */
export function resourceAccess(scopes: readonly Scope[], resource: ScopeResource): ResourceAccess {
  if (scopes.includes(`${resource}:write` as Scope)) return "write";
  return scopeSatisfies(scopes, `${resource}:read` as Scope) ? "read" : "none";
}

/**
 * The scopes a token gets for one resource's level, every other resource unchanged. Write
 * is stored with its read, so the list reads the same whichever way it was chosen.
 */
export function withResourceAccess(
  scopes: readonly Scope[],
  resource: ScopeResource,
  access: ResourceAccess,
): Scope[] {
  const wanted = new Set(scopes.filter((scope) => resourceOf(scope) !== resource));
  if (access !== "none") wanted.add(`${resource}:read` as Scope);
  if (access === "write") wanted.add(`${resource}:write` as Scope);
  return normalizeScopes([...wanted]);
}

/** Known scopes only, each once, in the order of SCOPES. */
export function normalizeScopes(scopes: readonly string[]): Scope[] {
  return SCOPES.filter((scope) => scopes.includes(scope));
}

function sameScopes(a: readonly Scope[], b: readonly Scope[]): boolean {
  const left = normalizeScopes(a);
  const right = normalizeScopes(b);
  return left.length === right.length && left.every((scope, index) => scope === right[index]);
}

/** Which preset `scopes` amount to; anything else is custom (the default included). */
export function presetOfScopes(scopes: readonly Scope[]): ScopePreset {
  if (sameScopes(scopes, FULL_ACCESS_SCOPES)) return "full";
  if (sameScopes(scopes, READ_ONLY_SCOPES)) return "readOnly";
  return "custom";
}

/** The scopes of a preset; custom keeps the scopes chosen so far. */
export function scopesOfPreset(preset: ScopePreset, current: readonly Scope[]): Scope[] {
  if (preset === "full") return [...FULL_ACCESS_SCOPES];
  if (preset === "readOnly") return [...READ_ONLY_SCOPES];
  return normalizeScopes(current);
}

export const SCOPE_PRESET_LABELS: Record<ScopePreset, string> = {
  full: "Full access",
  readOnly: "Read only",
  custom: "Custom",
};

/** What each preset grants, in the words of the permission table. */
export const SCOPE_PRESET_DESCRIPTIONS: Record<ScopePreset, string> = {
  full: "Read and change everything the API offers, tokens included.",
  readOnly: `Read ${listInWords(READ_ONLY_SCOPES.map(permissionObject))}; change nothing.`,
  custom: `Choose per kind of data. New tokens start with ${describeScopes(DEFAULT_SCOPES)}.`,
};

/**
 * The one wording of a token's permissions, in the list and on its page: "Full access",
 * "Read only", "No access", else each resource it reaches, "Domains: read & write ·
 * Logs: read".
 */
export function describeScopes(scopes: readonly Scope[]): string {
  const preset = presetOfScopes(scopes);
  if (preset !== "custom") return SCOPE_PRESET_LABELS[preset];
  const parts = SCOPE_RESOURCES.flatMap(({ resource, label }) => {
    const access = resourceAccess(scopes, resource);
    return access === "none" ? [] : [`${label}: ${RESOURCE_ACCESS_LABELS[access].toLowerCase()}`];
  });
  return parts.length > 0 ? parts.join(" · ") : "No access";
}

/** Whether `scopes` are what a token created without a choice holds. */
export function isDefaultScopes(scopes: readonly Scope[]): boolean {
  return sameScopes(scopes, DEFAULT_SCOPES);
}
