"use client";

import { type KeyboardEvent, useId } from "react";
import {
  type AccessLogFilterValues,
  ALL,
  CUSTOM,
  METHOD_OPTIONS,
  RANGE_OPTIONS,
  STATUS_OPTIONS,
} from "@/components/logs/access-log-filter-state";
import { OptionSelect, TextFilter } from "@/components/logs/filter-fields";
import { useAccessLogFilters } from "@/components/logs/use-access-log-filters";
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
import { tokenLabel } from "@/lib/rules/token-label";
import type { LogTokenOption } from "@/lib/services/logs/query";

// The Access Logs filter bar: its fields. Every filter applies on change (see
// useAccessLogFilters for how); the server page parses the URL again with the same Zod
// schema.

export type { AccessLogFilterValues };

export function AccessLogFilters({
  tokens,
  domains = [],
  values,
}: {
  tokens: LogTokenOption[];
  /** The organization's domains: only requests that touched one (the domain operations). */
  domains?: readonly { id: string; name: string }[];
  values: AccessLogFilterValues;
}) {
  const id = useId();
  const { state, errors, pending, update, applyNow, clear } = useAccessLogFilters(values);

  // Enter in a text field applies without waiting for the pause. (With several text fields
  // and no submit button, a browser does not submit the form on Enter by itself.)
  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === "Enter" && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      applyNow();
    }
  }

  const hasFilters = Boolean(
    values.token ||
      values.domain ||
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
  // Working tokens first; rotated, revoked and expired ones after, each named with its last
  // four and its state, since a rotation's successor shares its predecessor's name.
  const activeTokens = tokens.filter((token) => token.state === null);
  const pastTokens = tokens.filter((token) => token.state !== null);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        applyNow();
      }}
      onKeyDown={onKeyDown}
      aria-label="Filter access logs"
      aria-busy={pending}
      className="grid gap-3 rounded-xl border bg-card p-4 shadow-xs"
      noValidate
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Select
          value={state.token || ALL}
          onValueChange={(value) => update("token", value === ALL ? "" : value, "now")}
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
                {tokenLabel({ ...token, status: "active" })}
              </SelectItem>
            ))}
            {pastTokens.length > 0 ? <SelectSeparator /> : null}
            {pastTokens.map((token) => (
              <SelectItem key={token.id} value={token.id}>
                {tokenLabel({ ...token, status: token.state ?? "active" })}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>

        <OptionSelect
          id={fieldId("domain")}
          label="Domain"
          value={state.domain || ALL}
          options={[
            { value: ALL, label: "All domains" },
            ...domains.map((domain) => ({ value: domain.id, label: domain.name })),
          ]}
          onChange={(value) => update("domain", value === ALL ? "" : value, "now")}
        />

        <OptionSelect
          id={fieldId("status")}
          label="Status"
          value={state.status || ALL}
          options={STATUS_OPTIONS}
          onChange={(value) => update("status", value === ALL ? "" : value, "now")}
        />

        <OptionSelect
          id={fieldId("method")}
          label="Method"
          value={state.method || ALL}
          options={METHOD_OPTIONS}
          onChange={(value) => update("method", value === ALL ? "" : value, "now")}
        />

        <OptionSelect
          id={fieldId("range")}
          label="Time range"
          value={state.rangeChoice}
          options={RANGE_OPTIONS}
          onChange={(value) => update("rangeChoice", value, value === CUSTOM ? "later" : "now")}
        />

        <TextFilter
          id={fieldId("code")}
          label="Status code"
          error={errors.code}
          inputMode="numeric"
          placeholder="e.g. 403 or 401,403"
          value={state.code}
          onChange={(event) => update("code", event.target.value, "debounced")}
        />

        <TextFilter
          id={fieldId("ip")}
          label="IP or CIDR"
          error={errors.ip}
          placeholder="203.0.113.7 or 2001:db8::/32"
          spellCheck={false}
          autoCapitalize="off"
          value={state.ip}
          onChange={(event) => update("ip", event.target.value, "debounced")}
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
          onChange={(event) => update("path", event.target.value, "debounced")}
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
          onChange={(event) => update("requestId", event.target.value, "debounced")}
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
              onChange={(event) => update("fromLocal", event.target.value, "debounced")}
            />
            <TextFilter
              id={fieldId("to")}
              label="To (your time)"
              error={errors.to}
              type="datetime-local"
              value={state.toLocal}
              onChange={(event) => update("toLocal", event.target.value, "debounced")}
            />
          </>
        ) : null}
      </div>

      {hasFilters || pending ? (
        <div className="flex min-h-8 flex-wrap items-center gap-2">
          {hasFilters ? (
            <Button size="sm" variant="ghost" disabled={pending} onClick={clear}>
              Clear filters
            </Button>
          ) : null}
          {pending ? (
            <span className="flex items-center gap-1.5 text-muted-foreground text-sm">
              <LoaderIcon aria-hidden="true" />
              Updating results…
            </span>
          ) : null}
        </div>
      ) : null}
      <span className="sr-only" role="status">
        {pending ? "Updating results…" : ""}
      </span>
    </form>
  );
}
