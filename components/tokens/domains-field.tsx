"use client";

import { useId, useState } from "react";
import { FieldError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { RadioGroup, RadioOption } from "@/components/ui/radio-group";
import { ALL_DOMAINS_VALUE } from "@/lib/validations/token-form";

/** A domain of the organization, as the token forms offer it. */
export interface DomainChoice {
  id: string;
  name: string;
}

interface DomainsFieldProps {
  idPrefix: string;
  /** The form's `domainIds` value: ALL_DOMAINS_VALUE, or the selected ids space-separated. */
  value: string;
  onChange: (value: string) => void;
  domains: readonly DomainChoice[];
  error?: readonly string[];
  disabled?: boolean;
}

/**
 * Per-domain scoping in the token forms: All domains (including later ones) or Only
 * selected domains, picked from a searchable list of checkboxes (native inputs: Tab and
 * Space, each named by its label). Submitted as one `domainIds` field.
 */
export function DomainsField({
  idPrefix,
  value,
  onChange,
  domains,
  error,
  disabled,
}: DomainsFieldProps) {
  const all = value.trim() === ALL_DOMAINS_VALUE;
  const selected = all ? [] : value.split(/\s+/).filter((id) => id !== "");
  const [query, setQuery] = useState("");
  const searchId = useId();
  const legendId = `${idPrefix}-domainIds-legend`;
  const hintId = `${idPrefix}-domainIds-hint`;
  const errorId = `${idPrefix}-domainIds-error`;
  const invalid = Boolean(error?.length);
  const needle = query.trim().toLowerCase();
  const shown = domains.filter((domain) => domain.name.toLowerCase().includes(needle));
  // A selected id no longer among the domains (deleted meanwhile) is kept, not shown.
  const known = new Set(domains.map((domain) => domain.id));
  const selectedKnown = selected.filter((id) => known.has(id));

  function toggle(id: string, checked: boolean) {
    const next = checked ? [...selected, id] : selected.filter((other) => other !== id);
    onChange(next.join(" "));
  }

  return (
    <fieldset
      className="grid min-w-0 gap-2"
      aria-describedby={[hintId, invalid ? errorId : null].filter(Boolean).join(" ")}
    >
      <legend id={legendId} className="mb-1.5 font-medium text-sm leading-none">
        Domain access
      </legend>
      <input type="hidden" name="domainIds" value={all ? ALL_DOMAINS_VALUE : selected.join(" ")} />
      <RadioGroup
        value={all ? "all" : "selected"}
        onValueChange={(next) => onChange(next === "all" ? ALL_DOMAINS_VALUE : "")}
        disabled={disabled}
        aria-labelledby={legendId}
        className="@lg:grid-cols-2"
      >
        <RadioOption
          id={`${idPrefix}-domainIds-all`}
          value="all"
          label="All domains"
          description="Every domain of the organization, including domains added later."
        />
        <RadioOption
          id={`${idPrefix}-domainIds-selected`}
          value="selected"
          label="Only selected domains"
          description="Other domains answer 404 to this token, and it cannot add domains."
        />
      </RadioGroup>

      {all ? null : (
        <div className="grid gap-2 rounded-lg border bg-muted/30 p-3">
          <label htmlFor={searchId} className="font-medium text-xs">
            Search domains
          </label>
          <Input
            id={searchId}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="example.com"
            autoComplete="off"
            disabled={disabled}
          />
          {domains.length === 0 ? (
            <p className="text-muted-foreground text-xs">The organization has no domains yet.</p>
          ) : (
            <ul
              aria-label="Domains to select"
              className="grid max-h-48 gap-1 overflow-y-auto rounded-md border bg-background p-2"
            >
              {shown.map((domain) => {
                const id = `${idPrefix}-domain-${domain.id}`;
                return (
                  <li key={domain.id} className="flex min-w-0 items-center gap-2">
                    <input
                      id={id}
                      type="checkbox"
                      className="size-4 shrink-0 cursor-pointer accent-brand focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
                      checked={selected.includes(domain.id)}
                      disabled={disabled}
                      onChange={(event) => toggle(domain.id, event.target.checked)}
                    />
                    <label htmlFor={id} className="min-w-0 cursor-pointer break-all text-sm">
                      {domain.name}
                    </label>
                  </li>
                );
              })}
              {shown.length === 0 ? (
                <li className="text-muted-foreground text-xs">No domain matches “{query}”.</li>
              ) : null}
            </ul>
          )}
        </div>
      )}

      <p id={hintId} aria-live="polite" className="text-muted-foreground text-xs leading-relaxed">
        {all
          ? "This token can reach every domain, including domains added later."
          : selectedKnown.length === 0
            ? "No domain selected: this token can reach no domain."
            : `This token can reach ${selectedKnown.length} of ${domains.length} domains.`}
      </p>
      {invalid ? (
        <div id={errorId} className="grid gap-1">
          {error?.map((message) => (
            <FieldError key={message}>{message}</FieldError>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}
