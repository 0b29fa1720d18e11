import type { DomainChoice } from "@/components/tokens/domains-field";

/**
 * The token page's word on its domain selection: all domains, none (an empty selection,
 * e.g. once its last selected domain was deleted: it reaches no domain, never all), or the
 * selected domains by name.
 */
export function TokenDomainsDetail({
  domainIds,
  domains,
}: {
  domainIds: readonly string[] | null;
  domains: readonly DomainChoice[];
}) {
  if (domainIds === null) return <p>All domains, including domains added later</p>;
  const names = domains.filter((domain) => domainIds.includes(domain.id));
  if (names.length === 0) {
    return (
      <p className="font-medium text-destructive">
        No domains: this token can reach no domain until domains are selected.
      </p>
    );
  }
  return (
    <>
      <p>
        Only {names.length} selected {names.length === 1 ? "domain" : "domains"}
      </p>
      <ul className="mt-1.5 flex flex-wrap gap-1.5" aria-label="Selected domains">
        {names.map((domain) => (
          <li key={domain.id}>
            <code className="break-all rounded-md border bg-muted/50 px-1.5 py-0.5 font-mono text-xs">
              {domain.name}
            </code>
          </li>
        ))}
      </ul>
    </>
  );
}
