"use client";

import { formatLocalDateTime } from "@/components/time/format";
import { useHydrated } from "@/components/time/relative-time";
import { addDaysToDateInput, describeDateInput } from "@/components/tokens/format";
import { Button } from "@/components/ui/button";
import { expiryInstantFromDate } from "@/lib/auth/token-expiry";
import type { TokenLifetimePolicy } from "@/lib/auth/token-lifetime-policy";

// The expiration date field's live hint and its quick choices, both following the
// organization's lifetime policy when it has one.

/** What the chosen date means: when the token stops, or why the date cannot be used. */
export function ExpirationHint({
  value,
  minDate,
  maxDate,
  policy,
}: {
  value: string;
  minDate: string;
  /** The policy's latest allowed date, when the organization has a policy. */
  maxDate: string | null;
  policy: TokenLifetimePolicy;
}) {
  const hydrated = useHydrated();
  const policyRule =
    maxDate === null
      ? null
      : `Your organization's token policy allows tokens to last at most ${policy} days, until ${describeDateInput(maxDate)}.`;
  if (value === "") {
    return policyRule ? (
      <>{policyRule} Choose an expiration date.</>
    ) : (
      <>Never expires. Leave empty for a token without an expiration date.</>
    );
  }
  const described = describeDateInput(value);
  if (!described) {
    return policyRule ? (
      <>Choose a date. {policyRule}</>
    ) : (
      <>Choose a date, or leave empty for a token that never expires.</>
    );
  }
  // Fixed-width YYYY-MM-DD strings compare correctly as text.
  if (value < minDate) {
    return (
      <>
        <strong className="font-medium text-foreground">{described}</strong> has already passed.
        Choose a date after today
        {policyRule ? "." : ", or leave empty for a token that never expires."}
      </>
    );
  }
  if (maxDate !== null && value > maxDate) {
    return (
      <>
        <strong className="font-medium text-foreground">{described}</strong> is later than your
        organization&apos;s token policy allows (at most {policy} days, until{" "}
        {describeDateInput(maxDate)}).
      </>
    );
  }
  const instant = expiryInstantFromDate(value);
  // The viewer's own clock time of that midnight, unless they are on UTC anyway.
  const local = hydrated && instant.getTimezoneOffset() !== 0 ? formatLocalDateTime(instant) : null;
  return (
    <>
      Expires at midnight UTC on{" "}
      <strong className="font-medium text-foreground">{described}</strong>
      {local ? ` (${local} your time)` : ""}. The token works until then.
    </>
  );
}

const EXPIRATION_PRESETS: ReadonlyArray<{ label: string; days: number | null }> = [
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
  { label: "Never", days: null },
];

export function ExpirationPresets({
  value,
  policy,
  disabled,
  onSelect,
}: {
  value: string;
  policy: TokenLifetimePolicy;
  disabled?: boolean;
  onSelect: (value: string) => void;
}) {
  const today = new Date();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would restyle the row; role="group" with a label is equivalent
    <div role="group" aria-label="Expiration presets" className="flex flex-wrap gap-1.5">
      {EXPIRATION_PRESETS.filter(
        // Only what the policy allows: no "Never", nothing longer than its maximum.
        (preset) => policy === null || (preset.days !== null && preset.days <= policy),
      ).map((preset) => {
        const presetValue = preset.days === null ? "" : addDaysToDateInput(today, preset.days);
        return (
          <Button
            key={preset.label}
            variant="outline"
            size="sm"
            className="h-7 px-2.5 text-xs"
            disabled={disabled}
            aria-pressed={value === presetValue}
            onClick={() => onSelect(presetValue)}
          >
            {preset.label}
          </Button>
        );
      })}
    </div>
  );
}
