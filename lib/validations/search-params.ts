import { z } from "zod";
import { INSTANT_RANGE_MESSAGE, isStorableInstant } from "@/lib/validations/bounds";

// The URL filters of the log pages (Access Logs, Audit Log) live in the URL so a filtered
// view can be shared and the back button works. Every parameter is parsed on its own, so
// one bad value (a hand-edited link, an outdated bookmark) is dropped with a notice instead
// of failing the whole page; an API route refuses the same issues instead.

export type SearchParamsInput =
  | URLSearchParams
  | Record<string, string | string[] | undefined>
  | undefined;

/** A parameter that was not applied, and why (the shape of an API validation issue). */
export type FilterIssue = { path: string; message: string };

/** An instant in a filter: an ISO date (start of that day, UTC) or an ISO datetime. */
export const isoInstant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "Use an ISO date such as 2026-11-22 or 2026-11-22T14:00:00Z.",
  })
  // A bare date means the start of that day in UTC; a datetime carries its own offset.
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value))
  // The ISO formats admit year 0000 and, through an offset, instants past 9999; both are
  // refused here rather than by the database.
  .refine(isStorableInstant, { error: INSTANT_RANGE_MESSAGE });

function readParam(params: SearchParamsInput, name: string): string | undefined {
  if (!params) return undefined;
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null || first.trim() === "" ? undefined : first;
}

type ParamSchemas = Record<string, z.ZodType>;

/**
 * Parses each parameter named in `schemas` on its own. Never throws: a value that fails
 * its schema is left out, with a notice naming it (by `labels`) and an issue.
 */
export function parseEachParam<S extends ParamSchemas>(
  schemas: S,
  labels: Record<keyof S, string>,
  params: SearchParamsInput,
): {
  values: Partial<{ [K in keyof S]: z.output<S[K]> }>;
  notices: string[];
  issues: FilterIssue[];
  ignore: (path: string, notice: string, message: string) => void;
} {
  const notices: string[] = [];
  const issues: FilterIssue[] = [];
  const ignore = (path: string, notice: string, message: string) => {
    notices.push(notice);
    issues.push({ path, message });
  };
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(schemas) as Array<keyof S & string>) {
    const raw = readParam(params, name);
    if (raw === undefined) continue;
    const result = schemas[name]!.safeParse(raw);
    if (result.success) {
      values[name] = result.data;
    } else {
      const message = result.error.issues[0]?.message ?? "Invalid value.";
      ignore(name, `Ignored ${labels[name]}: ${message}`, message);
    }
  }
  return { values: values as Partial<{ [K in keyof S]: z.output<S[K]> }>, notices, issues, ignore };
}
