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
import { setUnusedTokenPolicyAction } from "@/lib/actions/token-policy";
import {
  describeUnusedTokenPolicy,
  UNUSED_TOKEN_POLICY_DAYS,
  UNUSED_WARNING_DAYS,
  type UnusedTokenPolicy,
} from "@/lib/rules/unused-token-policy";
import { UNUSED_POLICY_OFF } from "@/lib/validations/token-policy";

const FIELD = "revokeUnusedTokensAfterDays";
const OPTIONS = [UNUSED_POLICY_OFF, ...UNUSED_TOKEN_POLICY_DAYS.map(String)];

function policyOf(option: string): UnusedTokenPolicy {
  return option === UNUSED_POLICY_OFF ? null : (Number(option) as UnusedTokenPolicy);
}

/**
 * The unused-token policy, beside the lifetime policy on the API Tokens page: owners
 * choose after how many days without a request a token is revoked; others see it.
 */
export function UnusedTokenPolicySection({
  policy,
  canManage,
  forbiddenReason,
}: {
  policy: UnusedTokenPolicy;
  canManage: boolean;
  forbiddenReason: string;
}) {
  const router = useRouter();
  const current = policy === null ? UNUSED_POLICY_OFF : String(policy);
  const [selected, setSelected] = useState(current);
  const form = useActionForm(setUnusedTokenPolicyAction, {
    fields: [FIELD],
    onSuccess: () => router.refresh(),
  });
  const dirty = selected !== current;

  return (
    <Card>
      <CardHeader>
        <CardTitle id="unused-token-policy-title">Unused tokens</CardTitle>
        <CardDescription>
          Revoke tokens that made no request for a while, so forgotten tokens do not linger. The
          token&apos;s creator and the owners get an email and a notification {UNUSED_WARNING_DAYS}{" "}
          days before; one request keeps the token. A token never used counts from its creation.
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
              <legend id="unused-token-policy-legend" className="mb-1.5 font-medium text-sm">
                Revoke unused tokens
              </legend>
              <RadioGroup
                name={FIELD}
                value={selected}
                onValueChange={setSelected}
                aria-labelledby="unused-token-policy-legend"
                aria-invalid={form.fieldErrors[FIELD]?.length ? true : undefined}
                className="grid-cols-2 sm:grid-cols-5"
              >
                {OPTIONS.map((option) => (
                  <RadioOption
                    key={option}
                    id={`unused-token-policy-${option}`}
                    value={option}
                    label={option === UNUSED_POLICY_OFF ? "Off" : `${option} days`}
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
            Revoke unused tokens:{" "}
            <strong className="font-medium">{describeUnusedTokenPolicy(policyOf(current))}</strong>.{" "}
            <span className="text-muted-foreground">{forbiddenReason}</span>
          </p>
        )}
      </CardContent>
    </Card>
  );
}
