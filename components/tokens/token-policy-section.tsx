"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { RadioGroup, RadioOption } from "@/components/ui/radio-group";
import { StatusMessage } from "@/components/ui/status-message";
import { setTokenLifetimePolicyAction } from "@/lib/actions/token-policy";
import {
  describeTokenLifetimePolicy,
  TOKEN_LIFETIME_POLICY_DAYS,
  type TokenLifetimePolicy,
} from "@/lib/auth/token-lifetime-policy";
import { NO_MAXIMUM } from "@/lib/validations/token-policy";

const FIELD = "maxTokenLifetimeDays";
const OPTIONS = [NO_MAXIMUM, ...TOKEN_LIFETIME_POLICY_DAYS.map(String)];

function policyOf(option: string): TokenLifetimePolicy {
  return option === NO_MAXIMUM ? null : (Number(option) as TokenLifetimePolicy);
}

/**
 * The "Token policy" section of the API Tokens page: the organization's maximum token
 * lifetime. Owners change it here; everyone else sees it, with who can change it.
 */
export function TokenPolicySection({
  policy,
  canManage,
  forbiddenReason,
  beyondPolicyCount,
}: {
  policy: TokenLifetimePolicy;
  canManage: boolean;
  /** Why the viewer cannot change it (shown when canManage is false). */
  forbiddenReason: string;
  /** Working tokens lasting longer than the policy (flagged in the list). */
  beyondPolicyCount: number;
}) {
  const router = useRouter();
  const current = policy === null ? NO_MAXIMUM : String(policy);
  const [selected, setSelected] = useState(current);
  const form = useActionForm(setTokenLifetimePolicyAction, {
    fields: [FIELD],
    onSuccess: () => router.refresh(),
  });
  const dirty = selected !== current;

  return (
    <Card>
      <CardHeader>
        <CardTitle id="token-policy-title">Token policy</CardTitle>
        <CardDescription>
          Limit how long new tokens may last, so a forgotten or leaked token stops working on its
          own. The limit applies to tokens created or given a new date in the dashboard and through
          the API; existing tokens keep working.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {canManage ? (
          <form
            {...form.formProps}
            onSubmit={(event) => {
              if (dirty) form.handleSubmit(event);
              else event.preventDefault();
            }}
            className="grid gap-4"
          >
            <FormError message={form.formError} />
            <fieldset className="grid gap-2">
              <legend id="token-policy-legend" className="mb-1.5 font-medium text-sm">
                Maximum token lifetime
              </legend>
              <RadioGroup
                name={FIELD}
                value={selected}
                onValueChange={setSelected}
                aria-labelledby="token-policy-legend"
                aria-invalid={form.fieldErrors[FIELD]?.length ? true : undefined}
                className="grid-cols-2 sm:grid-cols-4"
              >
                {OPTIONS.map((option) => (
                  <RadioOption
                    key={option}
                    id={`token-policy-${option}`}
                    value={option}
                    label={describeTokenLifetimePolicy(policyOf(option))}
                  />
                ))}
              </RadioGroup>
              {form.fieldErrors[FIELD]?.map((message) => (
                <FieldError key={message}>{message}</FieldError>
              ))}
            </fieldset>
            <div className="flex flex-wrap items-center gap-3">
              <Button type="submit" aria-disabled={form.isPending || !dirty || undefined}>
                {form.isPending ? <LoaderIcon /> : null}
                {form.isPending ? "Saving…" : "Save policy"}
              </Button>
              <StatusMessage>{dirty ? "" : (form.successMessage ?? "")}</StatusMessage>
            </div>
          </form>
        ) : (
          <p className="text-sm">
            Maximum token lifetime:{" "}
            <strong className="font-medium">{describeTokenLifetimePolicy(policy)}</strong>.{" "}
            <span className="text-muted-foreground">{forbiddenReason}</span>
          </p>
        )}
        {policy !== null && beyondPolicyCount > 0 ? (
          <p className="mt-3 text-muted-foreground text-xs">
            {beyondPolicyCount === 1
              ? "1 token lasts longer than this policy allows; it is marked in the list above."
              : `${beyondPolicyCount} tokens last longer than this policy allows; they are marked in the list above.`}{" "}
            They keep working until they expire or are revoked.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
