import { z } from "zod";
import { parseIpAllowlist } from "@/lib/auth/ip-allowlist";
import {
  dateFromExpiryInstant,
  expiryInstantFromDate,
  isAllowedExpirationDate,
  isValidDateString,
} from "@/lib/auth/token-expiry";
import { TOKEN_IN_TEXT } from "@/lib/auth/token-format";
import type { FieldErrors } from "@/lib/errors";
import { DEFAULT_SCOPES, SCOPES, type Scope } from "@/lib/permissions";
import { fieldErrorsFromZodError } from "./forms";
import { CONTROL_OR_LINE_BREAK, singleLineText } from "./single-line-text";

// The one definition of a valid token form. The React form runs it in the browser for
// instant feedback; the token services run it again on the server, so nothing depends on
// the client having checked. Keep this module free of server-only imports.

export type { FieldErrors };

export const TOKEN_NAME_MAX_LENGTH = 100;
export const TOKEN_DESCRIPTION_MAX_LENGTH = 500;

/** The form's raw values, as typed. Returned on failure so nothing typed is lost. */
export type TokenFormValues = {
  name: string;
  description: string;
  ipAllowlist: string;
  expirationDate: string;
  /** The chosen scopes, space-separated (`domains:read domains:write`). */
  scopes: string;
};

/**
 * The form's fields as the token actions receive them: four texts, a missing one empty.
 * Only the shape: the token services judge the values with the schema below, since the
 * rules depend on the stored token (an expired token's read-only fields).
 */
export const tokenFormValuesSchema = z.object({
  name: z.string().default(""),
  description: z.string().default(""),
  ipAllowlist: z.string().default(""),
  expirationDate: z.string().default(""),
  // One text (space-separated) or the same field repeated; absent means "no choice".
  scopes: z.union([z.string(), z.array(z.string())]).optional(),
});

/** Shown when a create or save fails for a reason other than the input. */
export const TOKEN_SAVE_FAILED_MESSAGE =
  "Something went wrong and nothing was saved. Please try again.";
/** Shown when a revocation fails for a reason other than the token's state. */
export const TOKEN_REVOKE_FAILED_MESSAGE =
  "Something went wrong and the token was not revoked. Please try again.";
/** The same for a bulk revocation, which is all or nothing when it fails this way. */
export const TOKENS_REVOKE_FAILED_MESSAGE =
  "Something went wrong and none of the tokens were revoked. Please try again.";

export const EMPTY_TOKEN_FORM_VALUES: TokenFormValues = {
  name: "",
  description: "",
  ipAllowlist: "",
  expirationDate: "",
  scopes: DEFAULT_SCOPES.join(" "),
};

export const TOKEN_FORM_FIELDS = [
  "name",
  "description",
  "ipAllowlist",
  "expirationDate",
  "scopes",
] as const;

// Descriptions may span lines and contain tabs; other control characters are refused as in
// names (singleLineText; carriage returns are normalized away before this check).
const DESCRIPTION_FORBIDDEN = new RegExp(`(?![\\t\\n])${CONTROL_OR_LINE_BREAK.source}`, "u");
// A pasted token (TOKEN_IN_TEXT) in a name or description would be stored and audited in
// plaintext.
const TOKEN_IN_TEXT_MESSAGE =
  "This looks like an API token. Never paste a token into a name or description.";

export const EXPIRATION_AFTER_TODAY_MESSAGE = "Choose a date after today (UTC)";

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

const descriptionSchema = z
  .string()
  .transform((value) => value.replace(/\r\n?/g, "\n").trim())
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

const ipAllowlistSchema = z.string().transform((value, ctx) => {
  const parsed = parseIpAllowlist(value);
  if ("errors" in parsed) {
    for (const message of parsed.errors) ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  }
  return parsed.entries;
});

function expirationDateSchema(currentExpirationDate: string | null) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") return null;
      if (!isValidDateString(value)) {
        ctx.addIssue({ code: "custom", message: "Enter a valid date (YYYY-MM-DD)" });
        return z.NEVER;
      }
      // Editing a token must not force a new date just because its current one has passed
      // (e.g. renaming an expired token); only a newly chosen date has to be in the future.
      if (value !== currentExpirationDate && !isAllowedExpirationDate(value)) {
        ctx.addIssue({ code: "custom", message: EXPIRATION_AFTER_TODAY_MESSAGE });
        return z.NEVER;
      }
      return value;
    });
}

export const SCOPES_REQUIRED_MESSAGE = "Choose at least one permission";

/**
 * The token's scopes: a space- or comma-separated text (the form's field), or a list (the
 * API, a repeated form field). Absent means no choice was made: the documented default,
 * DEFAULT_SCOPES. Duplicates are dropped and the order is SCOPES', so equal sets compare
 * equal. An unknown scope names itself and the valid ones.
 */
const scopesSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => {
    if (value === undefined) return [...DEFAULT_SCOPES];
    const list = Array.isArray(value) ? value : value.split(/[\s,]+/);
    return list.map((scope) => scope.trim()).filter((scope) => scope !== "");
  })
  .pipe(
    z
      .array(
        z.string().refine((scope) => (SCOPES as readonly string[]).includes(scope), {
          error: (issue) =>
            `"${String(issue.input).slice(0, 40)}" is not a permission; choose from ${SCOPES.join(", ")}`,
        }),
      )
      .min(1, { error: SCOPES_REQUIRED_MESSAGE }),
  )
  .transform((scopes) => SCOPES.filter((scope) => scopes.includes(scope)) as Scope[]);

export interface TokenFormSchemaOptions {
  /**
   * When editing: the token's current expiration date (YYYY-MM-DD) or null. Keeping that
   * date is always allowed; choosing another one must be after today (UTC).
   */
  currentExpirationDate?: string | null;
}

export function makeTokenFormSchema(options: TokenFormSchemaOptions = {}) {
  return z.object({
    name: nameSchema,
    description: z.string().optional().default("").pipe(descriptionSchema),
    ipAllowlist: z.string().optional().default("").pipe(ipAllowlistSchema),
    expirationDate: z
      .string()
      .optional()
      .default("")
      .pipe(expirationDateSchema(options.currentExpirationDate ?? null)),
    scopes: scopesSchema,
  });
}

/** The create form's schema (and the edit form's, for tokens without a past expiry). */
export const tokenFormSchema = makeTokenFormSchema();

/** What the form accepts: raw strings. */
export type TokenFormInput = z.input<typeof tokenFormSchema>;
/** What the services store: trimmed name, description or null, normalized CIDRs, date or null. */
export type TokenFormData = z.output<typeof tokenFormSchema>;

/** The stored expiry instant for a validated expiration date (null = never). */
export function expiresAtFromFormData(data: Pick<TokenFormData, "expirationDate">): Date | null {
  return data.expirationDate === null ? null : expiryInstantFromDate(data.expirationDate);
}

/** The value the form's date field shows for a stored expiry instant. */
export function expirationDateFromExpiresAt(expiresAt: Date | string | null): string {
  if (expiresAt === null) return "";
  return dateFromExpiryInstant(typeof expiresAt === "string" ? new Date(expiresAt) : expiresAt);
}

/** The edit form's starting values for a stored token (the allowlist one entry per line). */
export function tokenFormValuesFromSummary(token: {
  name: string;
  description: string | null;
  ipAllowlist: readonly string[];
  expiresAt: Date | string | null;
  scopes: readonly string[];
}): TokenFormValues {
  return {
    name: token.name,
    description: token.description ?? "",
    ipAllowlist: token.ipAllowlist.join("\n"),
    expirationDate: expirationDateFromExpiresAt(token.expiresAt),
    scopes: token.scopes.join(" "),
  };
}

export { fieldErrorsFromZodError };

/**
 * Validates raw form values the way the server will; returns the problems per field, or an
 * empty object when the form may be submitted. For the edit form, pass the token's current
 * expiration date so keeping it is allowed.
 */
export function validateTokenFormValues(
  values: TokenFormValues,
  options: TokenFormSchemaOptions = {},
): FieldErrors {
  const result = makeTokenFormSchema(options).safeParse(values);
  return result.success ? {} : fieldErrorsFromZodError(result.error);
}
