import { LOG_METHODS, parseIpFilter, REQUEST_ID_PATTERN } from "@/lib/validations/logs";

// The state of the Access Logs filter bar: the options it offers, the checks it makes
// before applying (the same the server makes) and its URL form.

/** Filter values as they appear in the URL (already validated by the server). */
export type AccessLogFilterValues = {
  token: string;
  /** A domain id: only requests that touched it (URL parameter `domain`). */
  domain: string;
  status: string;
  code: string;
  method: string;
  ip: string;
  path: string;
  /** Exact X-Request-Id (URL parameter `request_id`). */
  requestId: string;
  range: string;
  from: string;
  to: string;
};

export const ALL = "all";
export const CUSTOM = "custom";

export const RANGE_OPTIONS = [
  { value: ALL, label: "Any time" },
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: CUSTOM, label: "Custom range…" },
] as const;

export const STATUS_OPTIONS = [
  { value: ALL, label: "Any status" },
  { value: "2xx", label: "2xx Success" },
  { value: "3xx", label: "3xx Redirect" },
  { value: "4xx", label: "4xx Client error" },
  { value: "5xx", label: "5xx Server error" },
] as const;

export const METHOD_OPTIONS = [
  { value: ALL, label: "Any method" },
  ...LOG_METHODS.map((method) => ({ value: method, label: method })),
];

export type FormState = AccessLogFilterValues & {
  rangeChoice: string;
  fromLocal: string;
  toLocal: string;
};
export type FieldErrors = Partial<Record<"code" | "ip" | "requestId" | "from" | "to", string>>;

/** "2026-11-22T14:05" in the browser's zone, the value format of datetime-local inputs. */
export function toLocalInputValue(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function localInputToIso(value: string): string | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function validateFilters(state: FormState): FieldErrors {
  const errors: FieldErrors = {};
  const codes = state.code.split(",").map((part) => part.trim());
  if (state.code.trim() && !codes.every((code) => /^[1-5]\d\d$/.test(code))) {
    errors.code = "Enter status codes such as 403, or 401,403.";
  }
  if (state.ip.trim() && !parseIpFilter(state.ip)) {
    errors.ip = "Enter an IPv4 or IPv6 address, or a CIDR range such as 203.0.113.0/24.";
  }
  if (state.requestId.trim() && !REQUEST_ID_PATTERN.test(state.requestId.trim())) {
    errors.requestId =
      "Enter the X-Request-Id of a response: up to 128 letters, digits and . _ : - characters.";
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

export function toSearchParams(state: FormState, limit: string | null): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string) => {
    const trimmed = value.trim();
    if (trimmed && trimmed !== ALL) params.set(name, trimmed);
  };
  set("token", state.token);
  set("domain", state.domain);
  set("status", state.status);
  set("code", state.code.replace(/\s+/g, ""));
  set("method", state.method);
  set("ip", state.ip);
  set("path", state.path);
  set("request_id", state.requestId);
  if (state.rangeChoice === CUSTOM) {
    set("from", state.fromLocal ? (localInputToIso(state.fromLocal) ?? "") : "");
    set("to", state.toLocal ? (localInputToIso(state.toLocal) ?? "") : "");
  } else {
    set("range", state.rangeChoice);
  }
  if (limit) params.set("limit", limit);
  return params;
}
