"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { ALL, CUSTOM, RANGE_OPTIONS } from "@/components/logs/access-log-filter-state";
import { OptionSelect } from "@/components/logs/filter-fields";
import { Checkbox } from "@/components/ui/checkbox";
import { LoaderIcon } from "@/components/ui/icons";
import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS, isSignInAction } from "@/lib/audit/actions";

// The Audit Log's filter bar: who, what and when. Each choice applies at once and lives in
// the URL (router.push), so a filtered view can be shared and the back button steps back;
// the server parses the URL again with the same schemas. A new choice starts again from
// the newest events. "Hide sign-ins" is one checkbox (hideSignIns=true in the URL).

export type AuditLogFilterValues = {
  actor: string;
  action: string;
  range: string;
  hideSignIns: boolean;
};

type SelectFilter = Exclude<keyof AuditLogFilterValues, "hideSignIns">;

const HIDE_SIGN_INS = "hideSignIns";

const ACTION_OPTIONS = [
  { value: ALL, label: "Any action" },
  ...AUDIT_ACTION_NAMES.map((action) => ({ value: action, label: AUDIT_ACTIONS[action] })),
];

export function AuditLogFilters({
  actors,
  values,
}: {
  actors: ReadonlyArray<{ value: string; label: string }>;
  values: AuditLogFilterValues;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  // Ticked at once, before the new page arrives (the bar is keyed by the URL: it starts
  // again from the URL once it has).
  const [signInsHidden, setSignInsHidden] = useState(values.hideSignIns);
  const id = useId();
  // A from/to window arrives only by link (the API's parameters); it shows as "Custom".
  const rangeOptions = RANGE_OPTIONS.filter(
    (option) => option.value !== CUSTOM || values.range === CUSTOM,
  );

  function navigate(params: URLSearchParams) {
    params.delete("cursor");
    const query = params.toString();
    startTransition(() => router.push(query ? `${pathname}?${query}` : pathname));
  }

  function apply(name: SelectFilter, value: string) {
    const params = new URLSearchParams(searchParams.toString());
    if (name === "range") {
      params.delete("from");
      params.delete("to");
    }
    if (value === ALL || value === CUSTOM) params.delete(name);
    else params.set(name, value);
    // Asking for a sign-in event means wanting to see sign-ins: the two choices never cancel out.
    if (name === "action" && isSignInAction(value)) params.delete(HIDE_SIGN_INS);
    navigate(params);
  }

  function hideSignIns(hide: boolean) {
    setSignInsHidden(hide);
    const params = new URLSearchParams(searchParams.toString());
    if (hide) {
      params.set(HIDE_SIGN_INS, "true");
      if (isSignInAction(values.action)) params.delete("action");
    } else {
      params.delete(HIDE_SIGN_INS);
    }
    navigate(params);
  }

  return (
    <section
      aria-label="Filters"
      aria-busy={pending}
      className="grid gap-3 rounded-xl border bg-card p-4 shadow-xs sm:grid-cols-3"
    >
      <OptionSelect
        id={`${id}-actor`}
        label="Actor"
        value={values.actor || ALL}
        options={[{ value: ALL, label: "Anyone" }, ...actors]}
        onChange={(value) => apply("actor", value)}
      />
      <OptionSelect
        id={`${id}-action`}
        label="Action"
        value={values.action || ALL}
        options={ACTION_OPTIONS}
        onChange={(value) => apply("action", value)}
      />
      <OptionSelect
        id={`${id}-range`}
        label="Time"
        value={values.range || ALL}
        options={rangeOptions}
        onChange={(value) => apply("range", value)}
      />
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 sm:col-span-3">
        <Checkbox
          id={`${id}-hide-sign-ins`}
          checked={signInsHidden}
          onChange={(event) => hideSignIns(event.currentTarget.checked)}
          aria-describedby={`${id}-hide-sign-ins-hint`}
        />
        <label htmlFor={`${id}-hide-sign-ins`} className="font-medium text-sm">
          Hide sign-ins
        </label>
        <span id={`${id}-hide-sign-ins-hint`} className="text-muted-foreground text-xs">
          Successful and failed sign-ins, refused two-factor codes
        </span>
      </div>
      {pending ? (
        <p
          role="status"
          className="flex items-center gap-2 text-muted-foreground text-sm sm:col-span-3"
        >
          <LoaderIcon className="size-4" /> Updating…
        </p>
      ) : null}
    </section>
  );
}
