import "server-only";
import { AppError, type FieldErrors } from "@/lib/errors";
import { fieldErrorsFromZodError, INVALID_INPUT_MESSAGE } from "@/lib/validations/forms";
import {
  makeTokenInputSchema,
  type TokenData,
  type TokenInput,
  type TokenInputSchemaOptions,
} from "@/lib/validations/token";

type ReadOnlyField = "ipAllowlist" | "expiresOn";

export interface ReadOnlyFieldsOption {
  /** The stored values of the read-only fields, as the schema outputs them. */
  current: Pick<TokenData, ReadOnlyField>;
  /** The read-only fields, each with the error shown when a change is attempted. */
  reasons: Partial<Record<ReadOnlyField, string>>;
}

/**
 * Runs the domain schema (lib/validations/token.ts) on a token's settings; failures become
 * a validation_error naming the domain's fields. With `readOnly`, a field that differs from
 * its stored value fails with that field's reason, whatever else is wrong with it. Values are
 * compared normalized (`10.0.0.1` is `10.0.0.1/32`), so resubmitting unchanged is never
 * refused.
 */
export function parseTokenInput(
  input: TokenInput,
  options: TokenInputSchemaOptions = {},
  readOnly?: ReadOnlyFieldsOption,
): TokenData {
  const schema = makeTokenInputSchema(options);
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
    throw new AppError("validation_error", INVALID_INPUT_MESSAGE, { fieldErrors });
  }
  return parsed.data;
}
