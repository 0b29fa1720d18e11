import ipaddr from "ipaddr.js";
import { z } from "zod";
import { parseIpv6 } from "@/lib/auth/ip-address";
import { clock } from "@/lib/clock";
import { BIGINT_CURSOR_ID, type KeysetPosition, keysetCursorCodec } from "@/lib/validations/cursor";
import {
  type FilterIssue,
  isoInstant,
  parseEachParam,
  type SearchParamsInput,
} from "@/lib/validations/search-params";

export type { SearchParamsInput };

// Filters of the Access Logs page. They live in the URL so that a filtered view can be
// shared and the back button works; every parameter is parsed on its own so that one
// bad value (a hand-edited link, an outdated bookmark) is dropped with a notice instead
// of failing the whole page.

export const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export const LOG_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type LogMethod = (typeof LOG_METHODS)[number];

export const TIME_RANGE_PRESETS = ["1h", "24h", "7d", "30d"] as const;
export type TimeRangePreset = (typeof TIME_RANGE_PRESETS)[number];

export const TIME_RANGE_PRESET_MS: Record<TimeRangePreset, number> = {
  "1h": 60 * 60 * 1000,
  "24h": 24 * 60 * 60 * 1000,
  "7d": 7 * 24 * 60 * 60 * 1000,
  "30d": 30 * 24 * 60 * 60 * 1000,
};

export const DEFAULT_LOG_PAGE_SIZE = 50;
export const MAX_LOG_PAGE_SIZE = 200;
const MAX_STATUS_CODES = 10;
const MAX_PATH_FILTER_LENGTH = 200;

/**
 * What the API accepts as a client's X-Request-Id (anything else is replaced by a uuid), so
 * every stored request id matches it and a value that does not can match no request.
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** A normalized IP filter: the network in CIDR notation plus what the user typed. */
export type IpFilter = {
  /** Network address and prefix, e.g. "203.0.113.0/24" or "2001:db8::/32". */
  cidr: string;
  /** The value as it appears in the URL (a single IP stays a single IP). */
  input: string;
};

/** Position after the last row of a page: rows strictly older than it come next. */
export type LogCursor = KeysetPosition<bigint>;

export type RequestLogFilters = {
  tokenId?: string;
  /** Only requests that touched this domain (set by the domain operations). */
  domainId?: string;
  statusClass?: StatusClass;
  statusCodes?: number[];
  method?: LogMethod;
  ip?: IpFilter;
  pathContains?: string;
  /** Exact X-Request-Id of one request. */
  requestId?: string;
  range?: TimeRangePreset;
  from?: Date;
  to?: Date;
  cursor?: LogCursor;
  limit: number;
};

/** A parameter that was not applied, and why (the shape of an API validation issue). */
export type RequestLogFilterIssue = FilterIssue;

export type ParsedRequestLogFilters = {
  filters: RequestLogFilters;
  /** Human-readable reasons why parameters were ignored. */
  notices: string[];
  /** The same, per parameter: what a route that refuses instead of ignoring answers. */
  issues: RequestLogFilterIssue[];
};

/**
 * Parses an IP address or CIDR range into its network form. IPv4-mapped IPv6 input
 * ("::ffff:203.0.113.7") is treated as the IPv4 address it carries, because that is how
 * a dual-stack server reports IPv4 clients.
 */
export function parseIpFilter(value: string): IpFilter | null {
  const input = value.trim();
  if (input === "" || input.length > 64 || input.includes("%")) return null;
  const [addressPart, prefixPart, ...rest] = input.split("/");
  if (rest.length > 0 || addressPart === undefined) return null;

  let address: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(addressPart)) {
    address = ipaddr.IPv4.parse(addressPart);
  } else {
    const ipv6 = parseIpv6(addressPart);
    if (!ipv6) return null;
    address = ipv6;
  }

  const maxPrefix = address.kind() === "ipv4" ? 32 : 128;
  let prefix = maxPrefix;
  if (prefixPart !== undefined) {
    if (!/^\d{1,3}$/.test(prefixPart)) return null;
    prefix = Number(prefixPart);
    if (prefix > maxPrefix) return null;
  }

  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
    address = (address as ipaddr.IPv6).toIPv4Address();
    prefix -= 96;
  }

  const network =
    address.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefix}`);
  return { cidr: `${network.toString()}/${prefix}`, input };
}

/** Access-log cursors: the log's ids are bigints. */
const logKeysetCursor = keysetCursorCodec(BIGINT_CURSOR_ID);
export const encodeLogCursor = logKeysetCursor.encode;
export const decodeLogCursor = logKeysetCursor.decode;

/** One schema per URL parameter, so that each can fail on its own. */
export const requestLogFilterParamSchemas = {
  token: z.uuid({ error: "Token must be a token id." }).transform((value) => value.toLowerCase()),
  domain: z
    .uuid({ error: "Domain must be a domain id." })
    .transform((value) => value.toLowerCase()),
  status: z
    .string()
    .trim()
    .toLowerCase()
    .refine(
      (value) => (STATUS_CLASSES as readonly string[]).includes(value) || /^[1-5]\d\d$/.test(value),
      {
        error: "Status must be 2xx, 3xx, 4xx, 5xx or a status code.",
      },
    ),
  code: z
    .string()
    .trim()
    .transform((value) => value.split(",").map((part) => part.trim()))
    .pipe(
      z
        .array(
          z.string().regex(/^[1-5]\d\d$/, { error: "Status codes are three digits, 100–599." }),
        )
        .min(1)
        .max(MAX_STATUS_CODES, { error: `At most ${MAX_STATUS_CODES} status codes.` }),
    )
    .transform((codes) => [...new Set(codes.map(Number))].sort((a, b) => a - b)),
  method: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(LOG_METHODS, { error: `Method must be one of ${LOG_METHODS.join(", ")}.` })),
  ip: z.string().transform((value, ctx) => {
    const parsed = parseIpFilter(value);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: "IP must be an IPv4/IPv6 address or CIDR range." });
      return z.NEVER;
    }
    return parsed;
  }),
  path: z
    .string()
    .trim()
    .min(1)
    .max(MAX_PATH_FILTER_LENGTH, {
      error: `Path filter is limited to ${MAX_PATH_FILTER_LENGTH} characters.`,
    })
    // Control characters never occur in a logged path, and NUL cannot even be sent
    // to PostgreSQL as text.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), {
      error: "Path filter cannot contain control characters.",
    }),
  request_id: z.string().trim().regex(REQUEST_ID_PATTERN, {
    error: "Request ID is up to 128 letters, digits and . _ : - characters.",
  }),
  range: z.enum(TIME_RANGE_PRESETS, {
    error: `Time range must be one of ${TIME_RANGE_PRESETS.join(", ")}.`,
  }),
  from: isoInstant,
  to: isoInstant,
  cursor: z.string().transform((value, ctx) => {
    const cursor = decodeLogCursor(value);
    if (!cursor) {
      ctx.addIssue({
        code: "custom",
        message: "it is invalid or outdated, so the newest entries are shown.",
      });
      return z.NEVER;
    }
    return cursor;
  }),
  limit: z.coerce
    .number({ error: "Page size must be a number." })
    .int()
    .min(1)
    .max(MAX_LOG_PAGE_SIZE, { error: `Page size is at most ${MAX_LOG_PAGE_SIZE}.` }),
};

type FilterParamName = keyof typeof requestLogFilterParamSchemas;

const PARAM_LABELS: Record<FilterParamName, string> = {
  token: "token filter",
  domain: "domain filter",
  status: "status filter",
  code: "status code filter",
  method: "method filter",
  ip: "IP filter",
  path: "path filter",
  request_id: "request ID filter",
  range: "time range",
  from: "“from” date",
  to: "“to” date",
  cursor: "page link",
  limit: "page size",
};

/**
 * Turns URL search parameters into log filters. Never throws: invalid or contradictory
 * parameters are left out and explained in `notices`.
 */
export function parseRequestLogFilters(params: SearchParamsInput): ParsedRequestLogFilters {
  const { values, notices, issues, ignore } = parseEachParam(
    requestLogFilterParamSchemas,
    PARAM_LABELS,
    params,
  );

  const filters: RequestLogFilters = { limit: values.limit ?? DEFAULT_LOG_PAGE_SIZE };
  if (values.token) filters.tokenId = values.token;
  if (values.domain) filters.domainId = values.domain;
  if (values.method) filters.method = values.method;
  if (values.ip) filters.ip = values.ip;
  if (values.path) filters.pathContains = values.path;
  if (values.request_id) filters.requestId = values.request_id;
  if (values.cursor) filters.cursor = values.cursor;

  // "status" holds a class (4xx) or, as a shortcut, one exact code (status=403).
  let statusCodes = values.code;
  if (values.status && /^\d+$/.test(values.status)) {
    statusCodes = [...new Set([...(statusCodes ?? []), Number(values.status)])];
  } else if (values.status) {
    filters.statusClass = values.status as StatusClass;
  }
  if (statusCodes && filters.statusClass) {
    const classDigit = Number(filters.statusClass[0]);
    const inClass = statusCodes.filter((code) => Math.floor(code / 100) === classDigit);
    if (inClass.length < statusCodes.length) {
      const outside = `status codes outside ${filters.statusClass}: ${statusCodes
        .filter((code) => !inClass.includes(code))
        .join(", ")}.`;
      ignore("code", `Ignored ${outside}`, `Cannot combine ${outside}`);
    }
    statusCodes = inClass.length > 0 ? inClass : undefined;
  }
  if (statusCodes) filters.statusCodes = statusCodes;

  if (values.range) {
    filters.range = values.range;
    if (values.from || values.to) {
      ignore(
        values.from ? "from" : "to",
        "Ignored from/to dates because a preset time range is selected.",
        "from/to cannot be combined with a preset time range.",
      );
    }
  } else if (values.from && values.to && values.from.getTime() > values.to.getTime()) {
    ignore("from", "Ignored time range: “from” is after “to”.", "“from” is after “to”.");
  } else {
    if (values.from) filters.from = values.from;
    if (values.to) filters.to = values.to;
  }

  return { filters, notices, issues };
}

/** The time window a set of filters covers, resolved against `now` for presets. */
export function resolveTimeBounds(
  filters: Pick<RequestLogFilters, "range" | "from" | "to">,
  now: Date = clock.now(),
): { from?: Date; to?: Date } {
  if (filters.range) {
    return { from: new Date(now.getTime() - TIME_RANGE_PRESET_MS[filters.range]) };
  }
  return { from: filters.from, to: filters.to };
}

/**
 * The URL form of filters (the inverse of parseRequestLogFilters), used for pagination,
 * CSV export and links from other pages. The cursor and page size are included only
 * when given, so a link to "the newest entries" simply leaves them out.
 */
export function requestLogFiltersToSearchParams(
  filters: Partial<RequestLogFilters>,
  options: { cursor?: string | null } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.tokenId) params.set("token", filters.tokenId);
  if (filters.domainId) params.set("domain", filters.domainId);
  if (filters.statusClass) params.set("status", filters.statusClass);
  if (filters.statusCodes?.length) params.set("code", filters.statusCodes.join(","));
  if (filters.method) params.set("method", filters.method);
  if (filters.ip) params.set("ip", filters.ip.input);
  if (filters.pathContains) params.set("path", filters.pathContains);
  if (filters.requestId) params.set("request_id", filters.requestId);
  if (filters.range) params.set("range", filters.range);
  if (filters.from) params.set("from", filters.from.toISOString());
  if (filters.to) params.set("to", filters.to.toISOString());
  if (filters.limit && filters.limit !== DEFAULT_LOG_PAGE_SIZE) {
    params.set("limit", String(filters.limit));
  }
  if (options.cursor) params.set("cursor", options.cursor);
  return params;
}

/** Whether any filter that narrows the result (not paging) is set. */
export function hasActiveLogFilters(filters: RequestLogFilters): boolean {
  return Boolean(
    filters.tokenId ||
      filters.domainId ||
      filters.statusClass ||
      filters.statusCodes?.length ||
      filters.method ||
      filters.ip ||
      filters.pathContains ||
      filters.requestId ||
      filters.range ||
      filters.from ||
      filters.to,
  );
}
