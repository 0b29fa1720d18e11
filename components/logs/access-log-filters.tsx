"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useEffect, useId, useState, useTransition } from "react";
import {
  type AccessLogFilterValues,
  ALL,
  CUSTOM,
  type FieldErrors,
  type FormState,
  METHOD_OPTIONS,
  RANGE_OPTIONS,
  STATUS_OPTIONS,
  toLocalInputValue,
  toSearchParams,
  validateFilters,
} from "@/components/logs/access-log-filter-state";
import { OptionSelect, TextFilter } from "@/components/logs/filter-fields";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectSeparator,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import type { LogTokenOption } from "@/lib/services/logs/query";

// The Access Logs filter bar. Filters are written to the URL (router.push), so a filtered
// view can be shared and the back button steps through earlier filters; the server page
// parses them again with the same Zod schema. Selects apply at once; text fields apply on
// Enter or with the Apply button, after the same checks the server makes.

export type { AccessLogFilterValues };

export function AccessLogFilters({
  tokens,
  values,
}: {
  tokens: LogTokenOption[];
  values: AccessLogFilterValues;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const id = useId();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [state, setState] = useState<FormState>(() => ({
    ...values,
    rangeChoice: values.range || (values.from || values.to ? CUSTOM : ALL),
    fromLocal: "",
    toLocal: "",
  }));

  // Custom dates are shown in the viewer's zone, which only the browser knows.
  useEffect(() => {
    setState((current) => ({
      ...current,
      fromLocal: values.from ? toLocalInputValue(values.from) : "",
      toLocal: values.to ? toLocalInputValue(values.to) : "",
    }));
  }, [values.from, values.to]);

  function apply(next: FormState) {
    const fieldErrors = validateFilters(next);
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) return;
    const query = toSearchParams(next, searchParams.get("limit")).toString();
    startTransition(() => router.push(query ? `${pathname}?${query}` : pathname));
  }

  function update<K extends keyof FormState>(name: K, value: FormState[K], applyNow = false) {
    const next = { ...state, [name]: value };
    setState(next);
    if (applyNow) apply(next);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(state);
  }

  const hasFilters = Boolean(
    values.token ||
      values.status ||
      values.code ||
      values.method ||
      values.ip ||
      values.path ||
      values.requestId ||
      values.range ||
      values.from ||
      values.to,
  );
  const fieldId = (name: string) => `${id}-${name}`;
  const activeTokens = tokens.filter((token) => !token.revoked);
  const revokedTokens = tokens.filter((token) => token.revoked);

  return (
    <form
      onSubmit={onSubmit}
      aria-label="Filter access logs"
      aria-busy={pending}
      className="grid gap-3 rounded-xl border bg-card p-4 shadow-xs"
      noValidate
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Select
          value={state.token || ALL}
          onValueChange={(value) => update("token", value === ALL ? "" : value, true)}
        >
          <FormField id={fieldId("token")} label="Token">
            <SelectTrigger>
              <SelectValue placeholder="All tokens" />
            </SelectTrigger>
          </FormField>
          <SelectContent>
            <SelectItem value={ALL}>All tokens</SelectItem>
            {activeTokens.map((token) => (
              <SelectItem key={token.id} value={token.id}>
                {token.name}
              </SelectItem>
            ))}
            {revokedTokens.length > 0 ? <SelectSeparator /> : null}
            {revokedTokens.map((token) => (
              <SelectItem key={token.id} value={token.id}>
                {token.name} (revoked)
              </SelectItem>
            ))}
          </SelectContent>
        </Select>

        <OptionSelect
          id={fieldId("status")}
          label="Status"
          value={state.status || ALL}
          options={STATUS_OPTIONS}
          onChange={(value) => update("status", value === ALL ? "" : value, true)}
        />

        <OptionSelect
          id={fieldId("method")}
          label="Method"
          value={state.method || ALL}
          options={METHOD_OPTIONS}
          onChange={(value) => update("method", value === ALL ? "" : value, true)}
        />

        <OptionSelect
          id={fieldId("range")}
          label="Time range"
          value={state.rangeChoice}
          options={RANGE_OPTIONS}
          onChange={(value) => update("rangeChoice", value, value !== CUSTOM)}
        />

        <TextFilter
          id={fieldId("code")}
          label="Status code"
          error={errors.code}
          inputMode="numeric"
          placeholder="e.g. 403 or 401,403"
          value={state.code}
          onChange={(event) => update("code", event.target.value)}
        />

        <TextFilter
          id={fieldId("ip")}
          label="IP or CIDR"
          error={errors.ip}
          placeholder="203.0.113.7 or 2001:db8::/32"
          spellCheck={false}
          autoCapitalize="off"
          value={state.ip}
          onChange={(event) => update("ip", event.target.value)}
          className="font-mono"
        />

        <TextFilter
          id={fieldId("path")}
          label="Path contains"
          wide
          placeholder="/api/v1/domains"
          spellCheck={false}
          autoCapitalize="off"
          maxLength={200}
          value={state.path}
          onChange={(event) => update("path", event.target.value)}
          className="font-mono"
        />

        <TextFilter
          id={fieldId("requestId")}
          label="Request ID"
          wide
          error={errors.requestId}
          placeholder="X-Request-Id of a response"
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          maxLength={128}
          value={state.requestId}
          onChange={(event) => update("requestId", event.target.value)}
          className="font-mono"
        />

        {state.rangeChoice === CUSTOM ? (
          <>
            <TextFilter
              id={fieldId("from")}
              label="From (your time)"
              error={errors.from}
              type="datetime-local"
              value={state.fromLocal}
              onChange={(event) => update("fromLocal", event.target.value)}
            />
            <TextFilter
              id={fieldId("to")}
              label="To (your time)"
              error={errors.to}
              type="datetime-local"
              value={state.toLocal}
              onChange={(event) => update("toLocal", event.target.value)}
            />
          </>
        ) : null}
      </div>

      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? <LoaderIcon /> : null}
          Apply filters
        </Button>
        {hasFilters ? (
          <Button
            size="sm"
            variant="ghost"
            disabled={pending}
            onClick={() => startTransition(() => router.push(pathname))}
          >
            Clear filters
          </Button>
        ) : null}
        <span className="sr-only" role="status">
          {pending ? "Updating results…" : ""}
        </span>
      </div>
    </form>
  );
}
