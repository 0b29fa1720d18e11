"use client";

import { RadioGroup } from "radix-ui";
import { useId } from "react";
import type { TokenLifetimePolicy } from "@/lib/auth/token-lifetime-policy";
import {
  suggestedLifetimeDays,
  TOKEN_TEMPLATE_IDS,
  TOKEN_TEMPLATES,
  type TokenTemplateId,
} from "@/lib/rules/token-templates";
import { describeScopes } from "@/lib/scope-presets";

// The create dialog's first choice, as Cloudflare offers it: start from a template (its
// permissions and suggested expiry fill the form, its allowlist hint shows under the
// allowlist) or from scratch. Everything stays editable; the token records the template.

const SCRATCH = "scratch";

export function TokenTemplatePicker({
  value,
  onChange,
  lifetimePolicy,
  disabled,
}: {
  value: TokenTemplateId | null;
  onChange: (template: TokenTemplateId | null) => void;
  lifetimePolicy: TokenLifetimePolicy;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="grid gap-2">
      <p id={`${id}-label`} className="font-medium text-sm">
        Start from
      </p>
      <RadioGroup.Root
        value={value ?? SCRATCH}
        onValueChange={(next) => onChange(next === SCRATCH ? null : (next as TokenTemplateId))}
        aria-labelledby={`${id}-label`}
        disabled={disabled}
        className="grid gap-1.5 sm:grid-cols-2"
      >
        {TOKEN_TEMPLATE_IDS.map((templateId) => {
          const template = TOKEN_TEMPLATES[templateId];
          return (
            <TemplateOption
              key={templateId}
              value={templateId}
              label={template.label}
              description={`${template.description} ${describeScopes(template.scopes)}, ${suggestedLifetimeDays(template, lifetimePolicy)} days.`}
            />
          );
        })}
        <TemplateOption
          value={SCRATCH}
          label="From scratch"
          description="Choose every permission and the expiry yourself."
        />
      </RadioGroup.Root>
    </div>
  );
}

function TemplateOption({
  value,
  label,
  description,
}: {
  value: string;
  label: string;
  description: string;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-2.5 rounded-md border px-3 py-2 has-[[data-state=checked]]:border-primary has-[[data-state=checked]]:bg-accent/50">
      <RadioGroup.Item
        id={id}
        value={value}
        aria-describedby={`${id}-description`}
        className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full border border-input focus-visible:outline-2 focus-visible:outline-ring focus-visible:outline-offset-2 disabled:opacity-50 data-[state=checked]:border-primary"
      >
        <RadioGroup.Indicator className="size-2 rounded-full bg-primary" />
      </RadioGroup.Item>
      <div className="grid min-w-0 gap-0.5">
        <label htmlFor={id} className="font-medium text-sm">
          {label}
        </label>
        <span id={`${id}-description`} className="text-muted-foreground text-xs">
          {description}
        </span>
      </div>
    </div>
  );
}
