"use client";

import type * as React from "react";
import { useState } from "react";
import { type UseActionFormOptions, useActionForm } from "@/components/forms/use-action-form";
import type { TokenFormField } from "@/components/tokens/token-form-fields";
import type { FormAction } from "@/lib/actions/result";
import {
  lifetimePolicyViolation,
  type TokenLifetimePolicy,
} from "@/lib/auth/token-lifetime-policy";
import { TOKEN_SAVE_FAILED_MESSAGE, type TokenInputSchemaOptions } from "@/lib/validations/token";
import {
  TOKEN_FORM_FIELDS,
  type TokenFormValues,
  validateTokenFormValues,
} from "@/lib/validations/token-form";

interface UseTokenFormOptions<T> {
  initialValues: TokenFormValues;
  /** Passed to the domain schema (the edit form's current expiration date). */
  validationOptions?: TokenInputSchemaOptions;
  /** The organization's maximum token lifetime: a new or changed date must keep to it. */
  lifetimePolicy?: TokenLifetimePolicy;
  /** The server action (create or update). */
  action: FormAction<T>;
  onSuccess: NonNullable<UseActionFormOptions<T>["onSuccess"]>;
}

/**
 * The token form shared by the create dialog and the edit page: useActionForm (pending
 * state, the server's errors, focus on the first invalid field) with controlled values, so
 * the date presets and the allowlist preview can follow every keystroke, validated with the
 * same Zod schema as the server before anything is sent.
 */
export function useTokenForm<T>({
  initialValues,
  validationOptions,
  lifetimePolicy = null,
  action,
  onSuccess,
}: UseTokenFormOptions<T>) {
  // The schema's rules, then the policy's, which the services apply as well.
  function validate(next: TokenFormValues) {
    const errors = validateTokenFormValues(next, validationOptions);
    const date = next.expiresOn.trim();
    if (errors.expiresOn || date === (validationOptions?.currentExpiresOn ?? "")) {
      return errors;
    }
    const violation = lifetimePolicyViolation(date === "" ? null : date, lifetimePolicy);
    return violation ? { ...errors, expiresOn: [violation] } : errors;
  }

  const [values, setValues] = useState<TokenFormValues>(initialValues);
  const [submitted, setSubmitted] = useState(false);
  const form = useActionForm(action, {
    fields: TOKEN_FORM_FIELDS,
    validate: () => validate(values),
    failureMessage: TOKEN_SAVE_FAILED_MESSAGE,
    onSuccess,
  });

  function setValue(field: TokenFormField, value: string) {
    setFields({ [field]: value });
  }

  /** Sets several fields at once (a template fills permissions and expiry together). */
  function setFields(changes: Partial<TokenFormValues>) {
    const next = { ...values, ...changes };
    setValues(next);
    // Before the first submit, errors would only nag; afterwards each edit re-checks its
    // field so a fixed error disappears as soon as it is fixed. A server-only error (a
    // duplicate name) is dropped when the field changes, since it may no longer apply.
    if (submitted) {
      const errors = validate(next);
      form.setFieldErrors((current) => {
        const updated = { ...current };
        for (const field of Object.keys(changes) as TokenFormField[]) {
          updated[field] = errors[field] ?? [];
        }
        return updated;
      });
    }
  }

  function reset(nextValues: TokenFormValues) {
    setValues(nextValues);
    form.reset();
    setSubmitted(false);
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    setSubmitted(true);
    form.handleSubmit(event);
  }

  return {
    values,
    setValue,
    setFields,
    errors: form.fieldErrors,
    formError: form.formError,
    isPending: form.isPending,
    formProps: { ...form.formProps, onSubmit: handleSubmit },
    reset,
  };
}
