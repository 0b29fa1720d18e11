import { z } from "zod";
import { parseIpAllowlistEntries } from "@/lib/auth/ip-allowlist";
import {
  dateFromExpiryInstant,
  expiryInstantFromDate,
  isAllowedExpirationDate,
  isValidDateString,
} from "@/lib/auth/token-expiry";
import { TOKEN_IN_TEXT } from "@/lib/auth/token-format";
import { DEFAULT_SCOPES, SCOPES, type Scope } from "@/lib/permissions";
import { TOKEN_TEMPLATE_IDS } from "@/lib/rules/token-templates";
import { CONTROL_OR_LINE_BREAK, singleLineText } from "./single-line-text";
import { isUuid } from "./uuid";

// A token's settings as the domain speaks them: the input of the token services, validated
// by them with this schema whoever calls (the API passes its JSON body straight through; the
// dashboard's form turns its text into this input first: token-form.ts). Field errors carry
// these field names, which are the API's JSON field names and the form's field names, so no
// edge maps them back. Client-safe: the form runs the same schema in the browser.

export const TOKEN_NAME_MAX_LENGTH = 100;
export const TOKEN_DESCRIPTION_MAX_LENGTH = 500;

/** Shown when a create or save fails for a reason other than the input. */
export const TOKEN_SAVE_FAILED_MESSAGE =
  "Something went wrong and nothing was saved. Please try again.";
/** Shown when a revocation fails for a reason other than the token's state. */
export const TOKEN_REVOKE_FAILED_MESSAGE =
  "Something went wrong and the token was not revoked. Please try again.";
/** The same for a bulk revocation, which is all or nothing when it fails this way. */
export const TOKENS_REVOKE_FAILED_MESSAGE =
  "Something went wrong and none of the tokens were revoked. Please try again.";

export const EXPIRATION_AFTER_TODAY_MESSAGE = "Choose a date after today (UTC)";
export const SCOPES_REQUIRED_MESSAGE = "Choose at least one permission";
export const IP_ALLOWLIST_ENTRY_MESSAGE = "Each entry is one IP address or CIDR range";

// Descriptions may span lines and contain tabs; other control characters are refused as in
// names (singleLineText; carriage returns are normalized away before this check).
const DESCRIPTION_FORBIDDEN = new RegExp(`(?![\\t\\n])${CONTROL_OR_LINE_BREAK.source}`, "u");
// A pasted token (TOKEN_IN_TEXT) in a name or description would be stored and audited in
// plaintext.
const TOKEN_IN_TEXT_MESSAGE =
  "This looks like an API token. Never paste a token into a name or description.";

const nameSchema = singleLineText(
  z
    .string()
    .trim()
    .min(1, { error: "Enter a name for the token" })
    .max(TOKEN_NAME_MAX_LENGTH, {
      error: `Name must be at most ${TOKEN_NAME_MAX_LENGTH} characters`,
    }),
  "Name",
).refine((value) => !TOKEN_IN_TEXT.test(value), { error: TOKEN_IN_TEXT_MESSAGE });

/** Text or null; blank (after trimming) is none. */
const descriptionSchema = z
  .string()
  .nullable()
  .transform((value) => (value ?? "").replace(/\r\n?/g, "\n").trim())
  .pipe(
    z
      .string()
      .max(TOKEN_DESCRIPTION_MAX_LENGTH, {
        error: `Description must be at most ${TOKEN_DESCRIPTION_MAX_LENGTH} characters`,
      })
      .refine((value) => !DESCRIPTION_FORBIDDEN.test(value), {
        error: "Description cannot contain control characters",
      })
      .refine((value) => !TOKEN_IN_TEXT.test(value), { error: TOKEN_IN_TEXT_MESSAGE }),
  )
  .transform((value) => (value === "" ? null : value));

/** One entry of an allowlist: never split, so an entry holding a space or newline is refused. */
export const ipAllowlistEntrySchema = z.string().regex(/^[^\s,]+$/, {
  error: IP_ALLOWLIST_ENTRY_MESSAGE,
});

/** Normalized CIDR entries (parseIpAllowlistEntries), each problem on `ipAllowlist`. */
const ipAllowlistSchema = z.array(ipAllowlistEntrySchema).transform((values, ctx) => {
  const parsed = parseIpAllowlistEntries(values);
  if ("errors" in parsed) {
    for (const message of parsed.errors) ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  }
  return parsed.entries;
});

/**
 * The scopes: at least one, each one of SCOPES; duplicates dropped and SCOPES' order kept, so
 * equal sets compare equal. An unknown scope names itself and the valid ones.
 */
const scopesSchema = z
  .array(
    z.string().refine((scope) => (SCOPES as readonly string[]).includes(scope), {
      error: (issue) =>
        `"${String(issue.input).slice(0, 40)}" is not a permission; choose from ${SCOPES.join(", ")}`,
    }),
  )
  .min(1, { error: SCOPES_REQUIRED_MESSAGE })
  .transform((scopes) => SCOPES.filter((scope) => scopes.includes(scope)) as Scope[]);

/** The most domains one selection may name (an organization with more selects all). */
export const MAX_SELECTED_DOMAINS = 500;

/**
 * Per-domain scoping: null for all of the organization's domains (including later ones), or
 * the ids of the selected ones (empty: none, never all). Lower-cased, deduplicated and
 * sorted, so equal selections compare equal; whether each id is one of the organization's
 * domains is judged by the token service (lib/services/tokens/domain-selection.ts).
 */
export const domainIdsSchema = z
  .array(
    z.string().refine(isUuid, {
      error: (issue) => `"${String(issue.input).slice(0, 40)}" is not a domain id`,
    }),
  )
  .max(MAX_SELECTED_DOMAINS, {
    error: `Select at most ${MAX_SELECTED_DOMAINS} domains, or all domains`,
  })
  .nullable()
  .transform((ids) =>
    ids === null ? null : [...new Set(ids.map((id) => id.toLowerCase()))].sort(),
  );

/** YYYY-MM-DD after today (UTC), or null for never; keeping `current` is always allowed. */
function expiresOnSchema(current: string | null) {
  return z
    .string()
    .nullable()
    .transform((value, ctx) => {
      // The API documented "" as never before null existed; both mean no expiry.
      const date = value?.trim() ?? "";
      if (date === "") return null;
      if (!isValidDateString(date)) {
        ctx.addIssue({ code: "custom", message: "Enter a valid date (YYYY-MM-DD)" });
        return z.NEVER;
      }
      // Editing a token must not force a new date just because its current one has passed
      // (e.g. renaming an expired token); only a newly chosen date has to be in the future.
      if (date !== current && !isAllowedExpirationDate(date)) {
        ctx.addIssue({ code: "custom", message: EXPIRATION_AFTER_TODAY_MESSAGE });
        return z.NEVER;
      }
      return date;
    });
}

export interface TokenInputSchemaOptions {
  /**
   * When editing: the token's current expiration date (YYYY-MM-DD) or null. Keeping that
   * date is always allowed; choosing another one must be after today (UTC).
   */
  currentExpiresOn?: string | null;
}

/** A token's settings; what is left out takes the default (no description, any IP, never). */
export function makeTokenInputSchema(options: TokenInputSchemaOptions = {}) {
  return z.object({
    name: nameSchema,
    description: descriptionSchema.optional().default(null),
    ipAllowlist: ipAllowlistSchema.optional().default([]),
    scopes: scopesSchema.optional().default([...DEFAULT_SCOPES]),
    expiresOn: expiresOnSchema(options.currentExpiresOn ?? null)
      .optional()
      .default(null),
    domainIds: domainIdsSchema.optional().default(null),
  });
}

/**
 * The template a new token starts from (lib/rules/token-templates.ts), declared once: the
 * API's create body, the dashboard's form and the token service all take it from here.
 */
export const tokenTemplateSchema = z.enum(TOKEN_TEMPLATE_IDS, {
  error: `Unknown template; the templates are ${TOKEN_TEMPLATE_IDS.join(", ")}`,
});

/** The schema of a new token's settings. */
export const tokenInputSchema = makeTokenInputSchema();

/**
 * A new token's settings, as the services take them: `ipAllowlist` a list of addresses and
 * CIDR ranges, `expiresOn` a date (YYYY-MM-DD) or null for never. Left out: the defaults
 * (scopes: DEFAULT_SCOPES).
 */
export type TokenInput = z.input<typeof tokenInputSchema>;
/** An edit of one token: the fields to change; a field left out keeps its value. */
export type TokenUpdateInput = { tokenId: string } & Partial<TokenInput>;
/** The settings as stored: trimmed, description or null, normalized CIDRs, scopes in order. */
export type TokenData = z.output<typeof tokenInputSchema>;

/** The token's fields, in the order a form shows them. */
export const TOKEN_FIELDS = [
  "name",
  "description",
  "ipAllowlist",
  "expiresOn",
  "scopes",
  "domainIds",
] as const;
export type TokenField = (typeof TOKEN_FIELDS)[number];

/** The stored expiry instant for an expiration date (null = never). */
export function expiresAtFromExpiresOn(expiresOn: string | null): Date | null {
  return expiresOn === null ? null : expiryInstantFromDate(expiresOn);
}

/** The expiration date (YYYY-MM-DD) of a stored expiry instant, or null for never. */
export function expiresOnFromExpiresAt(expiresAt: Date | string | null): string | null {
  if (expiresAt === null) return null;
  return dateFromExpiryInstant(typeof expiresAt === "string" ? new Date(expiresAt) : expiresAt);
}
