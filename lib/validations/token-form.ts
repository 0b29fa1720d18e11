import { z } from "zod";
import {
  IP_ALLOWLIST_TOO_LONG_MESSAGE,
  ipAllowlistEntriesOf,
  MAX_IP_ALLOWLIST_INPUT_LENGTH,
} from "@/lib/auth/ip-allowlist";
import type { FieldErrors } from "@/lib/errors";
import { DEFAULT_SCOPES } from "@/lib/permissions";
import { fieldErrorsFromZodError } from "./forms";
import {
  expiresOnFromExpiresAt,
  makeTokenInputSchema,
  TOKEN_FIELDS,
  type TokenInput,
  type TokenInputSchemaOptions,
} from "./token";

// The dashboard's token form: its text fields, named after the domain's fields
// (lib/validations/token.ts), and the one schema that turns them into the services' input
// (the allowlist textarea into a list, an empty date into null). The values themselves are
// judged by the domain schema, in the service and, for instant feedback, in the browser.
// Client-safe.

/** The form's raw values, as typed. Returned on failure so nothing typed is lost. */
export type TokenFormValues = {
  name: string;
  description: string;
  /** Addresses and ranges separated by commas, whitespace or new lines. */
  ipAllowlist: string;
  /** YYYY-MM-DD, or empty for never. */
  expiresOn: string;
  /** The chosen scopes, space-separated (`domains:read domains:write`). */
  scopes: string;
  /** The domain selection: ALL_DOMAINS_VALUE for all, else the selected ids space-separated. */
  domainIds: string;
};

/** The form's value for "All domains" (a domain id is a UUID, so it cannot clash). */
export const ALL_DOMAINS_VALUE = "all";

export const TOKEN_FORM_FIELDS = TOKEN_FIELDS;

export const EMPTY_TOKEN_FORM_VALUES: TokenFormValues = {
  name: "",
  description: "",
  ipAllowlist: "",
  expiresOn: "",
  scopes: DEFAULT_SCOPES.join(" "),
  domainIds: ALL_DOMAINS_VALUE,
};

/**
 * The form's fields (a missing text is empty) as the token services' input. Scopes: one text
 * (space- or comma-separated) or the field repeated; absent means no choice (the default).
 */
export const tokenFormSchema = z.object({
  name: z.string().default(""),
  description: z.string().default(""),
  ipAllowlist: z
    .string()
    .max(MAX_IP_ALLOWLIST_INPUT_LENGTH, { error: IP_ALLOWLIST_TOO_LONG_MESSAGE })
    .default("")
    .transform(ipAllowlistEntriesOf),
  expiresOn: z
    .string()
    .default("")
    .transform((value) => (value.trim() === "" ? null : value.trim())),
  scopes: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => {
      if (value === undefined) return undefined;
      const list = Array.isArray(value) ? value : value.split(/[\s,]+/);
      return list.map((scope) => scope.trim()).filter((scope) => scope !== "");
    }),
  domainIds: z
    .string()
    .optional()
    .transform((value) => {
      if (value === undefined) return undefined;
      if (value.trim() === ALL_DOMAINS_VALUE) return null;
      return value.split(/[\s,]+/).filter((id) => id !== "");
    }),
}) satisfies z.ZodType<TokenInput>;

/** The edit form's starting values for a stored token (the allowlist one entry per line). */
export function tokenFormValuesFromSummary(token: {
  name: string;
  description: string | null;
  ipAllowlist: readonly string[];
  expiresAt: Date | string | null;
  scopes: readonly string[];
  domainIds: readonly string[] | null;
}): TokenFormValues {
  return {
    name: token.name,
    description: token.description ?? "",
    ipAllowlist: token.ipAllowlist.join("\n"),
    expiresOn: expiresOnFromExpiresAt(token.expiresAt) ?? "",
    scopes: token.scopes.join(" "),
    domainIds: domainIdsFormValue(token.domainIds),
  };
}

/** The form's value for a selection (null: all domains). */
export function domainIdsFormValue(ids: readonly string[] | null): string {
  return ids === null ? ALL_DOMAINS_VALUE : ids.join(" ");
}

/**
 * Validates raw form values the way the server will: the form's schema, then the domain's;
 * returns the problems per field, or an empty object when the form may be submitted. For the
 * edit form, pass the token's current expiration date so keeping it is allowed.
 */
export function validateTokenFormValues(
  values: TokenFormValues,
  options: TokenInputSchemaOptions = {},
): FieldErrors {
  const form = tokenFormSchema.safeParse(values);
  if (!form.success) return fieldErrorsFromZodError(form.error);
  const result = makeTokenInputSchema(options).safeParse(form.data);
  return result.success ? {} : fieldErrorsFromZodError(result.error);
}
