import { AppError } from "@/lib/errors";
import {
  fieldErrorsFromZodError,
  makeTokenFormSchema,
  type TokenFormData,
  type TokenFormInput,
  type TokenFormSchemaOptions,
} from "@/lib/validations/token";

export const FORM_INVALID_MESSAGE = "Please correct the highlighted fields.";

/** Runs the shared form schema on the server; failures become a validation_error. */
export function parseTokenInput(
  input: TokenFormInput,
  options: TokenFormSchemaOptions = {},
): TokenFormData {
  const parsed = makeTokenFormSchema(options).safeParse(input);
  if (!parsed.success) {
    throw new AppError("validation_error", FORM_INVALID_MESSAGE, {
      fieldErrors: fieldErrorsFromZodError(parsed.error),
    });
  }
  return parsed.data;
}
