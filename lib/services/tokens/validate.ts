import "server-only";
import { AppError, type FieldErrors } from "@/lib/errors";
import {
  fieldErrorsFromZodError,
  makeTokenFormSchema,
  type TokenFormData,
  type TokenFormInput,
  type TokenFormSchemaOptions,
} from "@/lib/validations/token";

export const FORM_INVALID_MESSAGE = "Please correct the highlighted fields.";

type ReadOnlyField = "ipAllowlist" | "expirationDate";

export interface ReadOnlyFieldsOption {
  /** The stored values of the read-only fields, as the schema outputs them. */
  current: Pick<TokenFormData, ReadOnlyField>;
  /** The read-only fields, each with the error shown when a change is attempted. */
  reasons: Partial<Record<ReadOnlyField, string>>;
}

/**
 * Runs the shared form schema on the server; failures become a validation_error. With
 * `readOnly`, a field that differs from its stored value fails with that field's reason,
 * whatever else is wrong with it. Values are compared normalized (`10.0.0.1` is
 * `10.0.0.1/32`), so resubmitting the form unchanged is never refused.
 */
export function parseTokenInput(
  input: TokenFormInput,
  options: TokenFormSchemaOptions = {},
  readOnly?: ReadOnlyFieldsOption,
): TokenFormData {
  const schema = makeTokenFormSchema(options);
  const parsed = schema.safeParse(input);
  const fieldErrors: FieldErrors = parsed.success ? {} : fieldErrorsFromZodError(parsed.error);
  for (const [field, reason] of Object.entries(readOnly?.reasons ?? {}) as [
    ReadOnlyField,
    string,
  ][]) {
    const value = schema.shape[field].safeParse(input[field]);
    const unchanged =
      value.success && JSON.stringify(value.data) === JSON.stringify(readOnly?.current[field]);
    if (!unchanged) fieldErrors[field] = [reason];
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) {
    throw new AppError("validation_error", FORM_INVALID_MESSAGE, { fieldErrors });
  }
  return parsed.data;
}
