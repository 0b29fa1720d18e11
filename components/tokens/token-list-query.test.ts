import { describe, expect, it } from "vitest";
import {
  DEFAULT_TOKEN_LIST_QUERY,
  parseTokenListQuery,
  SEARCH_MAX_LENGTH,
  tokenListSearchParams,
  tokenMatchesSearch,
} from "@/components/tokens/token-list-query";

const SORTABLE = ["name", "createdAt", "expiresAt", "status"];

function parse(query: string) {
  return parseTokenListQuery(new URLSearchParams(query), SORTABLE);
}

describe("parseTokenListQuery", () => {
  it("reads the search, the status and the sort with its direction", () => {
    expect(parse("q=deploy&status=revoked&sort=-createdAt")).toEqual({
      q: "deploy",
      status: "revoked",
      sort: { id: "createdAt", desc: true },
    });
    expect(parse("sort=name").sort).toEqual({ id: "name", desc: false });
  });

  it("falls back to the default for each value it does not recognise", () => {
    expect(parse("")).toEqual(DEFAULT_TOKEN_LIST_QUERY);
    expect(parse("status=deleted&sort=secret")).toEqual(DEFAULT_TOKEN_LIST_QUERY);
    expect(parse("status=Active&sort=--name")).toEqual(DEFAULT_TOKEN_LIST_QUERY);
    // A column that exists but cannot be sorted is not in the list it is given.
    expect(parse("sort=actions").sort).toBeNull();
    // One bad parameter leaves the good ones alone.
    expect(parse("q=ci&status=nope&sort=-name")).toEqual({
      q: "ci",
      status: "all",
      sort: { id: "name", desc: true },
    });
  });

  it("takes the first of repeated parameters and trims and bounds the search", () => {
    expect(parse("status=expired&status=active").status).toBe("expired");
    expect(parse("q=%20%20ci%20%20").q).toBe("ci");
    expect(parse(`q=${"x".repeat(5000)}`).q).toHaveLength(SEARCH_MAX_LENGTH);
  });
});

describe("tokenListSearchParams", () => {
  it("leaves defaults out of the URL and keeps unrelated parameters", () => {
    expect(tokenListSearchParams(DEFAULT_TOKEN_LIST_QUERY).toString()).toBe("");
    const params = tokenListSearchParams(
      { q: " ci deploy ", status: "active", sort: { id: "name", desc: true } },
      new URLSearchParams("status=revoked&other=1"),
    );
    expect(params.toString()).toBe("status=active&other=1&q=ci+deploy&sort=-name");
  });

  it("round-trips through the parser", () => {
    const query = {
      q: "é & ü?",
      status: "expired",
      sort: { id: "expiresAt", desc: false },
    } as const;
    expect(parseTokenListQuery(tokenListSearchParams(query), SORTABLE)).toEqual(query);
  });
});

describe("tokenMatchesSearch", () => {
  const token = { name: "GitHub Actions – Deploy", description: "Publishes the Résumé site" };

  it("matches every word in the name or the description, ignoring case and accents", () => {
    expect(tokenMatchesSearch(token, "")).toBe(true);
    expect(tokenMatchesSearch(token, "github")).toBe(true);
    expect(tokenMatchesSearch(token, "resume")).toBe(true);
    expect(tokenMatchesSearch(token, "deploy  RÉSUMÉ")).toBe(true);
    expect(tokenMatchesSearch(token, "deploy staging")).toBe(false);
    expect(tokenMatchesSearch({ name: "CI", description: null }, "publishes")).toBe(false);
  });

  it("does not match across the name and the description", () => {
    expect(tokenMatchesSearch({ name: "Deploy", description: "site" }, "deploysite")).toBe(false);
  });
});
