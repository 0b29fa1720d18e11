import type { z } from "zod";
import type { FieldErrors } from "@/lib/errors";

// Helpers shared by every form: the server actions and the client components that
// validate before submitting. Client-safe (no server imports).

/**
 * The message of input refused field by field: by an action's schema, or by a service's
 * domain schema (the API answers those "Request validation failed", lib/api/pipeline.ts).
 */
export const INVALID_INPUT_MESSAGE = "Please correct the highlighted fields.";

/**
 * Turns a ZodError into messages per field ("name", "ipAllowlist", …). Problems that
 * concern no single field are filed under "form".
 */
export function fieldErrorsFromZodError(error: z.ZodError): FieldErrors {
  return fieldErrorsFromIssues(error.issues, "form");
}

/**
 * Messages per dotted field path; problems with the whole input go under `rootKey` (the
 * API reports them at the empty path, the dashboard's forms under "form").
 */
export function fieldErrorsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  rootKey: string,
): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : rootKey;
    const messages = fieldErrors[key] ?? [];
    if (!messages.includes(issue.message)) messages.push(issue.message);
    fieldErrors[key] = messages;
  }
  return fieldErrors;
}

/**
 * Runs a form's schema on its text fields the way its server action will; the problems
 * per field, or an empty object when the form may be submitted.
 */
export function fieldErrorsOf(schema: z.ZodType, formData: FormData): FieldErrors {
  const texts = Object.fromEntries(
    [...formData.entries()].filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
  const result = schema.safeParse(texts);
  return result.success ? {} : fieldErrorsFromZodError(result.error);
}
