"use client";

import type * as React from "react";
import { useEffect, useRef, useState } from "react";
import { TOKEN_STATUS_LABEL } from "@/components/tokens/status-badge";
import {
  SEARCH_MAX_LENGTH,
  type StatusFilter,
  type TokenListQuery,
} from "@/components/tokens/token-list-query";
import type { HistoryMode } from "@/components/tokens/use-token-list-query";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { cn } from "@/lib/utils";

const SEARCH_DEBOUNCE_MS = 250;
const DEFAULT_SORT = "default";

export interface SortOption {
  id: string;
  label: string;
}

interface ToolbarProps {
  query: TokenListQuery;
  setQuery: (patch: Partial<TokenListQuery>, mode?: HistoryMode) => void;
  /** The status filters to offer, each with how many tokens matching the search it shows. */
  statuses: { value: StatusFilter; count: number }[];
  /** Columns the list can be sorted by, for the sort menu of the stacked (narrow) layout. */
  sortOptions: SortOption[];
  searchRef: React.Ref<HTMLInputElement>;
}

/** Search, status filter and (on narrow screens, which have no column headers) sort. */
export function TokensToolbar({ query, setQuery, statuses, sortOptions, searchRef }: ToolbarProps) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <SearchField query={query.q} setQuery={setQuery} inputRef={searchRef} />
      <fieldset className="flex max-w-full flex-wrap items-center gap-1 rounded-lg border bg-card p-1">
        <legend className="sr-only">Filter tokens by status</legend>
        {statuses.map(({ value, count }) => (
          <Button
            key={value}
            size="sm"
            variant={query.status === value ? "secondary" : "ghost"}
            aria-pressed={query.status === value}
            onClick={() => setQuery({ status: value })}
            className={cn("h-7 px-2.5", query.status === value && "shadow-xs")}
          >
            {value === "all" ? "All" : TOKEN_STATUS_LABEL[value]}
            <span className="text-muted-foreground tabular-nums">{count}</span>
          </Button>
        ))}
      </fieldset>
      <SortMenu query={query} setQuery={setQuery} options={sortOptions} />
    </div>
  );
}

/**
 * The search box. It writes the URL a moment after typing stops: the first change of a
 * search adds a history entry, later keystrokes replace it, so Back returns to the list as
 * it was before searching rather than stepping through every letter.
 */
function SearchField({
  query,
  setQuery,
  inputRef,
}: {
  query: string;
  setQuery: ToolbarProps["setQuery"];
  inputRef: React.Ref<HTMLInputElement>;
}) {
  const [draft, setDraft] = useState(query);
  const typing = useRef<{ timer?: ReturnType<typeof setTimeout>; pushed: boolean }>({
    pushed: false,
  });

  // The URL changed without typing (back, forward, "Clear filters"): show its search. The
  // URL holds the trimmed text, so a draft that only differs by spaces is kept as typed.
  useEffect(() => {
    if (typing.current.timer !== undefined) return;
    setDraft((current) => (current.trim() === query ? current : query));
  }, [query]);

  function change(value: string) {
    setDraft(value);
    clearTimeout(typing.current.timer);
    typing.current.timer = setTimeout(() => {
      typing.current.timer = undefined;
      setQuery({ q: value }, typing.current.pushed ? "replace" : "push");
      typing.current.pushed = true;
    }, SEARCH_DEBOUNCE_MS);
  }

  return (
    <div className="w-full sm:w-72">
      <Input
        ref={inputRef}
        type="search"
        aria-label="Search tokens"
        placeholder="Search name or description"
        maxLength={SEARCH_MAX_LENGTH}
        value={draft}
        onChange={(event) => change(event.target.value)}
        onBlur={() => {
          typing.current.pushed = false;
        }}
      />
    </div>
  );
}

function SortMenu({
  query,
  setQuery,
  options,
}: {
  query: TokenListQuery;
  setQuery: ToolbarProps["setQuery"];
  options: SortOption[];
}) {
  const value = query.sort ? `${query.sort.desc ? "-" : ""}${query.sort.id}` : DEFAULT_SORT;
  function choose(next: string) {
    if (next === DEFAULT_SORT) return setQuery({ sort: null });
    const desc = next.startsWith("-");
    setQuery({ sort: { id: desc ? next.slice(1) : next, desc } });
  }
  return (
    // Shown wherever a column's sort button is not: stacked lists (phones) have no header
    // row, and a list short of room hides its Created and Last used columns.
    <div className="w-full @min-[60rem]/main:hidden">
      <Select value={value} onValueChange={choose}>
        <SelectTrigger aria-label="Sort tokens" size="sm">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={DEFAULT_SORT}>Sort: status, then newest</SelectItem>
          {options.flatMap(({ id, label }) => [
            <SelectItem key={id} value={id}>
              Sort: {label}, ascending
            </SelectItem>,
            <SelectItem key={`-${id}`} value={`-${id}`}>
              Sort: {label}, descending
            </SelectItem>,
          ])}
        </SelectContent>
      </Select>
    </div>
  );
}
