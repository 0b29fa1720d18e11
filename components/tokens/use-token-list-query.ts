"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import {
  parseTokenListQuery,
  type TokenListQuery,
  tokenListSearchParams,
} from "@/components/tokens/token-list-query";

export type HistoryMode = "push" | "replace";

/**
 * The tokens list's view, read from the URL and written back to it. The list is filtered
 * and sorted in the browser (every token is already loaded), so a change only rewrites the
 * URL through the History API, which Next's router follows without asking the server again;
 * back and forward re-read it here like any other URL.
 */
export function useTokenListQuery(
  /** The ids a sort may name; keep the array stable between renders (useMemo). */
  sortable: readonly string[],
) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(
    () => parseTokenListQuery(searchParams, sortable),
    [searchParams, sortable],
  );

  const setQuery = useCallback(
    (patch: Partial<TokenListQuery>, mode: HistoryMode = "push") => {
      const current = new URLSearchParams(window.location.search);
      const next = { ...parseTokenListQuery(current, sortable), ...patch };
      const search = tokenListSearchParams(next, current).toString();
      if (search === current.toString()) return;
      const url = search ? `${pathname}?${search}` : pathname;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname, sortable],
  );

  return { query, setQuery };
}
