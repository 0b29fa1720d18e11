import { TOKEN_STATUS_RANK, type TokenStatus } from "@/lib/rules/token-status";

// The tokens list's view (search, status filter, sort) as it lives in the URL, so a view can
// be shared, survives a reload and the back button steps through earlier views. Pure and
// client-safe. The URL is user input: anything this does not recognise falls back to the
// default for that parameter (never an error page), and the next change writes a clean URL.

export type StatusFilter = TokenStatus | "all";

export interface TokenListQuery {
  /** Free text matched against each token's name and description; "" for none. */
  q: string;
  status: StatusFilter;
  /** A sortable column's id and direction; null keeps the list's default order. */
  sort: { id: string; desc: boolean } | null;
}

export const DEFAULT_TOKEN_LIST_QUERY: TokenListQuery = { q: "", status: "all", sort: null };

/** Longer than any name plus description, so no real search is cut; longer text is. */
export const SEARCH_MAX_LENGTH = 200;

// Every status the services know, so a status added there can be filtered by at once.
const STATUSES = new Set<string>(Object.keys(TOKEN_STATUS_RANK));

/**
 * Reads the view from the URL's parameters: `q`, `status` and `sort` (a column id, with a
 * leading "-" for descending). `sortable` lists the ids a sort may name (the columns').
 */
export function parseTokenListQuery(
  params: URLSearchParams,
  sortable: readonly string[],
): TokenListQuery {
  const q = (params.get("q") ?? "").trim().slice(0, SEARCH_MAX_LENGTH);
  const status = params.get("status") ?? "";
  return {
    q,
    status: STATUSES.has(status) ? (status as TokenStatus) : "all",
    sort: parseSort(params.get("sort") ?? "", sortable),
  };
}

function parseSort(value: string, sortable: readonly string[]): TokenListQuery["sort"] {
  const desc = value.startsWith("-");
  const id = desc ? value.slice(1) : value;
  return sortable.includes(id) ? { id, desc } : null;
}

/**
 * Writes the view back into `base` (the current parameters, so any others survive), leaving
 * out what equals the default: the plain list has a plain URL.
 */
export function tokenListSearchParams(
  query: TokenListQuery,
  base: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const params = new URLSearchParams(base);
  const set = (name: string, value: string) => {
    if (value) params.set(name, value);
    else params.delete(name);
  };
  set("q", query.q.trim());
  set("status", query.status === "all" ? "" : query.status);
  set("sort", query.sort ? `${query.sort.desc ? "-" : ""}${query.sort.id}` : "");
  return params;
}

/** Lower case without accents, so "resume" finds "Résumé". */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

/**
 * Whether a token matches the search: every word of it appears in the name or the
 * description (in any order, ignoring case and accents). An empty search matches all.
 */
export function tokenMatchesSearch(
  token: { name: string; description: string | null },
  search: string,
): boolean {
  const words = fold(search).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold(`${token.name}\n${token.description ?? ""}`);
  return words.every((word) => haystack.includes(word));
}
