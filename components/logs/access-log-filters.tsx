"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useEffect, useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectSeparator,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import type { LogTokenOption } from "@/lib/services/logs/query";
import { LOG_METHODS, parseIpFilter } from "@/lib/validations/logs";

// The Access Logs filter bar. Filters are written to the URL (router.push), so a filtered
// view can be shared and the back button steps through earlier filters; the server page
// parses them again with the same Zod schema. Selects apply at once; text fields apply on
// Enter or with the Apply button, after the same checks the server makes.

/** Filter values as they appear in the URL (already validated by the server). */
export type AccessLogFilterValues = {
  token: string;
  status: string;
  code: string;
  method: string;
  ip: string;
  path: string;
  range: string;
  from: string;
  to: string;
};

const ALL = "all";
const CUSTOM = "custom";

const RANGE_OPTIONS = [
  { value: ALL, label: "Any time" },
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: CUSTOM, label: "Custom range…" },
] as const;

const STATUS_OPTIONS = [
  { value: ALL, label: "Any status" },
  { value: "2xx", label: "2xx Success" },
  { value: "3xx", label: "3xx Redirect" },
  { value: "4xx", label: "4xx Client error" },
  { value: "5xx", label: "5xx Server error" },
] as const;

const METHOD_OPTIONS = [
  { value: ALL, label: "Any method" },
  ...LOG_METHODS.map((method) => ({ value: method, label: method })),
];

type FormState = AccessLogFilterValues & {
  rangeChoice: string;
  fromLocal: string;
  toLocal: string;
};
type FieldErrors = Partial<Record<"code" | "ip" | "from" | "to", string>>;

/** "2026-11-22T14:05" in the browser's zone, the value format of datetime-local inputs. */
function toLocalInputValue(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function localInputToIso(value: string): string | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function validate(state: FormState): FieldErrors {
  const errors: FieldErrors = {};
  const codes = state.code.split(",").map((part) => part.trim());
  if (state.code.trim() && !codes.every((code) => /^[1-5]\d\d$/.test(code))) {
    errors.code = "Enter status codes such as 403, or 401,403.";
  }
  if (state.ip.trim() && !parseIpFilter(state.ip)) {
    errors.ip = "Enter an IPv4 or IPv6 address, or a CIDR range such as 203.0.113.0/24.";
  }
  if (state.rangeChoice === CUSTOM) {
    if (state.fromLocal && !localInputToIso(state.fromLocal)) errors.from = "Enter a valid date.";
    if (state.toLocal && !localInputToIso(state.toLocal)) errors.to = "Enter a valid date.";
    if (
      !errors.from &&
      !errors.to &&
      state.fromLocal &&
      state.toLocal &&
      new Date(state.fromLocal) > new Date(state.toLocal)
    ) {
      errors.to = "“To” must be after “From”.";
    }
  }
  return errors;
}

function toSearchParams(state: FormState, limit: string | null): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string) => {
    const trimmed = value.trim();
    if (trimmed && trimmed !== ALL) params.set(name, trimmed);
  };
  set("token", state.token);
  set("status", state.status);
  set("code", state.code.replace(/\s+/g, ""));
  set("method", state.method);
  set("ip", state.ip);
  set("path", state.path);
  if (state.rangeChoice === CUSTOM) {
    set("from", state.fromLocal ? (localInputToIso(state.fromLocal) ?? "") : "");
    set("to", state.toLocal ? (localInputToIso(state.toLocal) ?? "") : "");
  } else {
    set("range", state.rangeChoice);
  }
  if (limit) params.set("limit", limit);
  return params;
}

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
    const fieldErrors = validate(next);
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
      values.range ||
      values.from ||
      values.to,
  );
  const fieldId = (name: string) => `${id}-${name}`;
  const errorId = (name: keyof FieldErrors) => (errors[name] ? `${id}-${name}-error` : undefined);
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
        <div className="grid gap-1.5">
          <Label htmlFor={fieldId("token")}>Token</Label>
          <Select
            value={state.token || ALL}
            onValueChange={(value) => update("token", value === ALL ? "" : value, true)}
          >
            <SelectTrigger id={fieldId("token")}>
              <SelectValue placeholder="All tokens" />
            </SelectTrigger>
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
        </div>

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

        <div className="grid content-start gap-1.5">
          <Label htmlFor={fieldId("code")}>Status code</Label>
          <Input
            id={fieldId("code")}
            inputMode="numeric"
            placeholder="e.g. 403 or 401,403"
            value={state.code}
            onChange={(event) => update("code", event.target.value)}
            aria-invalid={errors.code ? true : undefined}
            aria-describedby={errorId("code")}
          />
          <FieldError id={errorId("code")} message={errors.code} />
        </div>

        <div className="grid content-start gap-1.5">
          <Label htmlFor={fieldId("ip")}>IP or CIDR</Label>
          <Input
            id={fieldId("ip")}
            placeholder="203.0.113.7 or 2001:db8::/32"
            spellCheck={false}
            autoCapitalize="off"
            value={state.ip}
            onChange={(event) => update("ip", event.target.value)}
            aria-invalid={errors.ip ? true : undefined}
            aria-describedby={errorId("ip")}
            className="font-mono"
          />
          <FieldError id={errorId("ip")} message={errors.ip} />
        </div>

        <div className="grid content-start gap-1.5 sm:col-span-2">
          <Label htmlFor={fieldId("path")}>Path contains</Label>
          <Input
            id={fieldId("path")}
            placeholder="/api/v1/domains"
            spellCheck={false}
            autoCapitalize="off"
            maxLength={200}
            value={state.path}
            onChange={(event) => update("path", event.target.value)}
            className="font-mono"
          />
        </div>

        {state.rangeChoice === CUSTOM ? (
          <>
            <div className="grid content-start gap-1.5">
              <Label htmlFor={fieldId("from")}>From (your time)</Label>
              <Input
                id={fieldId("from")}
                type="datetime-local"
                value={state.fromLocal}
                onChange={(event) => update("fromLocal", event.target.value)}
                aria-invalid={errors.from ? true : undefined}
                aria-describedby={errorId("from")}
              />
              <FieldError id={errorId("from")} message={errors.from} />
            </div>
            <div className="grid content-start gap-1.5">
              <Label htmlFor={fieldId("to")}>To (your time)</Label>
              <Input
                id={fieldId("to")}
                type="datetime-local"
                value={state.toLocal}
                onChange={(event) => update("toLocal", event.target.value)}
                aria-invalid={errors.to ? true : undefined}
                aria-describedby={errorId("to")}
              />
              <FieldError id={errorId("to")} message={errors.to} />
            </div>
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

/** A labelled select over a fixed list of options; it applies as soon as one is chosen. */
function OptionSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select value={value} onValueChange={onChange}>
        <SelectTrigger id={id}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {options.map((option) => (
            <SelectItem key={option.value} value={option.value}>
              {option.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

function FieldError({ id, message }: { id?: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="text-destructive text-xs">
      {message}
    </p>
  );
}
