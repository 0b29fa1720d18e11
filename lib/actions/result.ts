import type { FieldErrors } from "@/lib/errors";

// The one contract between every server action and the dashboard's forms. Client-safe (no
// server imports): the forms import these types and read results through useActionForm.

export type { FieldErrors };

/** What the user typed, by field name, as sent back with a failure (never a password). */
export type FormValues = Record<string, string>;

/** What an action receives: a form's data, or the same fields as an object. */
export type ActionInput = FormData | Record<string, unknown>;

export type ActionFailure = {
  ok: false;
  /** A sentence for the top of the form; repeated only when no field explains it. */
  message: string;
  /** Messages per field; problems with the whole form are filed under "form". */
  fieldErrors: FieldErrors;
  /** The submitted text fields, so a form re-rendered from this result loses nothing. */
  values: FormValues;
  /**
   * `sudo_required`: a sensitive action the person must confirm first (sudo mode);
   * useActionForm asks "Confirm it's you" and sends the same input again.
   */
  code?: "sudo_required";
};

export type ActionResult<T = null> = { ok: true; data: T; message?: string } | ActionFailure;

/**
 * True for what an action may receive: a form's data or a plain object. A forged call can
 * send anything the wire format encodes (a string, a list, a Map…); that is refused whole.
 */
export function isActionInput(value: unknown): value is ActionInput {
  if (value instanceof FormData) return true;
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A server action as the forms (through useActionForm) and the tests call it. */
export type FormAction<T = null> = (input: ActionInput) => Promise<ActionResult<T>>;

/** Field names containing this are never sent back to the browser in `values`. */
export const SECRET_FIELD_PATTERN = /password/i;

/** The input's text fields, without secrets or Next's own `$ACTION…` entries. */
export function formValuesOf(input: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [name, value] of Object.entries(input)) {
    if (typeof value === "string" && !name.startsWith("$") && !SECRET_FIELD_PATTERN.test(name)) {
      values[name] = value;
    }
  }
  return values;
}
