import type { FieldErrors } from "@/lib/errors";

// Every text taken from a request is valid Unicode once parsed. JSON can spell a lone UTF-16
// surrogate ("\ud800"), and so can a server action's arguments; such a string is no text:
// PostgreSQL refuses it inside JSON (an audit event's metadata), which made a request that
// carried one fail with a 500. Parsed input is checked in one place per way in (the API's
// `validate`, the server actions' wrapper): a text the user chose (a name, a description) is
// refused with a field error; a text that is only kept (where a leaked token was found) is
// mended by its schema with `toWellFormedText`, so the rest of the request still counts.
// Client-safe (no server imports).

export const ILL_FORMED_TEXT_MESSAGE =
  "Must be valid Unicode text (it holds half of a UTF-16 surrogate pair)";

// With the u flag, a surrogate in a class matches only one that is not half of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;

/** `text` with U+FFFD (the replacement character) in place of each lone surrogate. */
export function toWellFormedText(text: string): string {
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, "\uFFFD") : text;
}

/** At most this many fields are named; a request holding more is refused all the same. */
const MAX_REPORTED_FIELDS = 20;

interface Visit {
  value: unknown;
  /** The step from the parent (a key or an index), and the parent's visit: the path. */
  step: string | number | null;
  parent: Visit | null;
}

/**
 * Field errors for each string in `value` (a parsed input: strings, arrays, plain objects),
 * and each object key, that is not valid Unicode, filed under its dotted path (the whole
 * input under `rootKey`), at most MAX_REPORTED_FIELDS of them; null when every text is valid.
 * Walked without recursion and without copying paths, so depth costs neither stack nor time.
 */
export function illFormedTextErrors(value: unknown, rootKey: string): FieldErrors | null {
  const errors: FieldErrors = {};
  let count = 0;
  const file = (visit: Visit) => {
    const steps: (string | number)[] = [];
    for (let at: Visit | null = visit; at?.step != null; at = at.parent) steps.push(at.step);
    const key = steps.length > 0 ? toWellFormedText(steps.reverse().join(".")) : rootKey;
    errors[key] = [ILL_FORMED_TEXT_MESSAGE];
    count++;
  };
  const pending: Visit[] = [{ value, step: null, parent: null }];
  for (let visit = pending.pop(); visit && count < MAX_REPORTED_FIELDS; visit = pending.pop()) {
    const current = visit.value;
    if (typeof current === "string") {
      if (LONE_SURROGATE.test(current)) file(visit);
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        pending.push({ value: current[index], step: index, parent: visit });
      }
    } else if (isPlainObject(current)) {
      for (const [key, item] of Object.entries(current).reverse()) {
        const child = { value: item, step: key, parent: visit };
        if (LONE_SURROGATE.test(key)) file(child);
        else pending.push(child);
      }
    }
  }
  return count > 0 ? errors : null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
