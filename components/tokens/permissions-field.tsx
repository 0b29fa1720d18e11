"use client";

import { useState } from "react";
import { FieldError } from "@/components/ui/form-field";
import { RadioGroup, RadioOption } from "@/components/ui/radio-group";
import type { Scope } from "@/lib/permissions";
import {
  describeScopes,
  isDefaultScopes,
  normalizeScopes,
  presetOfScopes,
  RESOURCE_ACCESS_LABELS,
  RESOURCE_DESCRIPTIONS,
  type ResourceAccess,
  resourceAccess,
  SCOPE_PRESET_DESCRIPTIONS,
  SCOPE_PRESET_LABELS,
  SCOPE_RESOURCES,
  type ScopePreset,
  scopesOfPreset,
  withResourceAccess,
} from "@/lib/scope-presets";

const PRESETS: readonly ScopePreset[] = ["full", "readOnly", "custom"];

interface PermissionsFieldProps {
  idPrefix: string;
  /** The chosen scopes, space-separated: the form's `scopes` value. */
  value: string;
  onChange: (scopes: string) => void;
  error?: readonly string[];
  disabled?: boolean;
}

/**
 * The Permissions choice of the token forms: Full access, Read only, or Custom with a level
 * per resource (write implies read). The form opens on Custom showing exactly what a token
 * made without a choice holds, Domains read & write, so nothing is granted unseen. The
 * scopes are submitted as one space-separated `scopes` field.
 */
export function PermissionsField({
  idPrefix,
  value,
  onChange,
  error,
  disabled,
}: PermissionsFieldProps) {
  const scopes = normalizeScopes(value.split(/\s+/));
  // Picking Custom on a preset keeps its scopes (they match the preset), so the choice is
  // remembered for the value it produced; any other value (a reset) shows its own preset.
  const [chosen, setChosen] = useState<{ preset: ScopePreset; for: string } | null>(null);
  const preset = chosen && chosen.for === value ? chosen.preset : presetOfScopes(scopes);
  const legendId = `${idPrefix}-scopes-legend`;
  const hintId = `${idPrefix}-scopes-hint`;
  const errorId = `${idPrefix}-scopes-error`;
  const invalid = Boolean(error?.length);

  function choose(nextPreset: ScopePreset, next: Scope[]) {
    const text = next.join(" ");
    setChosen({ preset: nextPreset, for: text });
    onChange(text);
  }

  return (
    <fieldset
      className="@container grid min-w-0 gap-2"
      aria-describedby={[hintId, invalid ? errorId : null].filter(Boolean).join(" ")}
    >
      <legend id={legendId} className="mb-1.5 font-medium text-sm leading-none">
        Permissions
      </legend>
      <input type="hidden" name="scopes" value={scopes.join(" ")} />
      <RadioGroup
        value={preset}
        onValueChange={(next) => {
          const nextPreset = next as ScopePreset;
          choose(nextPreset, scopesOfPreset(nextPreset, scopes));
        }}
        disabled={disabled}
        aria-labelledby={legendId}
        aria-invalid={invalid || undefined}
        // Three across where they fit (the dialog), stacked in the token page's narrower column.
        className="@lg:grid-cols-3"
      >
        {PRESETS.map((option) => (
          <RadioOption
            key={option}
            id={`${idPrefix}-scopes-${option}`}
            value={option}
            label={SCOPE_PRESET_LABELS[option]}
            description={SCOPE_PRESET_DESCRIPTIONS[option]}
          />
        ))}
      </RadioGroup>

      {preset === "custom" ? (
        <div className="grid gap-3 rounded-lg border bg-muted/30 p-3">
          {SCOPE_RESOURCES.map(({ resource, label, levels }) => (
            <ResourceLevel
              key={resource}
              id={`${idPrefix}-scopes-${resource}`}
              label={label}
              description={RESOURCE_DESCRIPTIONS[resource]}
              levels={levels}
              value={resourceAccess(scopes, resource)}
              disabled={disabled}
              onChange={(access) => choose("custom", withResourceAccess(scopes, resource, access))}
            />
          ))}
        </div>
      ) : null}

      <p id={hintId} aria-live="polite" className="text-muted-foreground text-xs leading-relaxed">
        This token can use:{" "}
        <strong className="font-medium text-foreground">{describeScopes(scopes)}</strong>.{" "}
        {isDefaultScopes(scopes)
          ? "This is what tokens get when no permissions are chosen."
          : "API requests outside them are refused (403 insufficient_scope)."}
      </p>
      {invalid ? (
        <div id={errorId} className="grid gap-0.5">
          {error?.map((message) => (
            <FieldError key={message}>{message}</FieldError>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

function ResourceLevel({
  id,
  label,
  description,
  levels,
  value,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  description: string;
  levels: readonly ResourceAccess[];
  value: ResourceAccess;
  disabled?: boolean;
  onChange: (access: ResourceAccess) => void;
}) {
  const labelId = `${id}-label`;
  const descriptionId = `${id}-description`;
  return (
    <div className="grid gap-1.5 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center sm:gap-4">
      <div className="grid gap-0.5">
        <span id={labelId} className="font-medium text-sm">
          {label}
        </span>
        <span id={descriptionId} className="text-muted-foreground text-xs">
          {description}
        </span>
      </div>
      <RadioGroup
        value={value}
        onValueChange={(next) => onChange(next as ResourceAccess)}
        disabled={disabled}
        orientation="horizontal"
        aria-labelledby={labelId}
        aria-describedby={descriptionId}
        className="flex flex-wrap gap-1.5"
      >
        {levels.map((level) => (
          <RadioOption
            key={level}
            id={`${id}-${level}`}
            value={level}
            label={RESOURCE_ACCESS_LABELS[level]}
            className="whitespace-nowrap bg-background px-2.5 py-1.5 text-xs"
          />
        ))}
      </RadioGroup>
    </div>
  );
}
