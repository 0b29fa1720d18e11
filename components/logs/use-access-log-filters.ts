"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import {
  type AccessLogFilterValues,
  ALL,
  CUSTOM,
  type FieldErrors,
  type FormState,
  toLocalInputValue,
  toSearchParams,
  validateFilters,
} from "@/components/logs/access-log-filter-state";

// The behaviour of the Access Logs filter bar: every filter applies on change, the same
// way. Selects apply at once; text and date fields once typing pauses (or at once on
// Enter). Applying checks the fields as the server would, then writes the filters to the
// URL (router.push: a filtered view can be shared and the back button steps through
// earlier filters).

/** How long typing must pause before a text filter applies. */
export const TEXT_FILTER_DELAY_MS = 300;

/** How a change applies: at once (a select, Enter), once typing pauses, or not yet. */
export type ApplyMode = "now" | "debounced" | "later";

function stateFrom(values: AccessLogFilterValues): FormState {
  return {
    ...values,
    rangeChoice: values.range || (values.from || values.to ? CUSTOM : ALL),
    // Custom dates are shown in the viewer's zone, which only the browser knows (below).
    fromLocal: "",
    toLocal: "",
  };
}

export function useAccessLogFilters(values: AccessLogFilterValues) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [state, setState] = useState<FormState>(() => stateFrom(values));
  const [localDates, setLocalDates] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // New filters from the server: those of a URL this bar navigated to leave the fields as
  // they are (typing may have gone on while the results loaded); any other (the back
  // button, a link in the table) are shown in the fields.
  const [ownQuery, setOwnQuery] = useState<string | null>(null);
  const urlQuery = searchParams.toString();
  const valuesKey = JSON.stringify(values);
  const [shownValues, setShownValues] = useState(valuesKey);
  if (valuesKey !== shownValues) {
    setShownValues(valuesKey);
    setOwnQuery(null);
    if (urlQuery !== ownQuery) {
      setState(stateFrom(values));
      setErrors({});
      setLocalDates((count) => count + 1);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: reruns when the fields were reset from the URL
  useEffect(() => {
    setState((current) => ({
      ...current,
      fromLocal: values.from ? toLocalInputValue(values.from) : "",
      toLocal: values.to ? toLocalInputValue(values.to) : "",
    }));
  }, [values.from, values.to, localDates]);

  function cancelPending() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }
  // A pending filter is dropped when the page is left.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  function navigate(query: string, own: boolean) {
    setOwnQuery(own ? query : null);
    startTransition(() => router.push(query ? `${pathname}?${query}` : pathname));
  }

  function apply(next: FormState) {
    cancelPending();
    const fieldErrors = validateFilters(next);
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) return;
    const query = toSearchParams(next, searchParams.get("limit")).toString();
    if (query !== urlQuery) navigate(query, true);
  }

  function update<K extends keyof FormState>(name: K, value: FormState[K], mode: ApplyMode) {
    const next = { ...state, [name]: value };
    setState(next);
    if (mode === "now") apply(next);
    if (mode === "debounced") {
      cancelPending();
      timer.current = setTimeout(() => apply(next), TEXT_FILTER_DELAY_MS);
    }
  }

  function clear() {
    cancelPending();
    navigate("", false);
  }

  return { state, errors, pending, update, applyNow: () => apply(state), clear };
}
