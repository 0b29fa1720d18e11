"use client";

import type * as React from "react";
import { useEffect, useRef, useState, useTransition } from "react";
import { type TokenFormField, tokenFieldId } from "@/components/tokens/token-form-fields";
import {
  TOKEN_FORM_FIELDS,
  type TokenFormSchemaOptions,
  type TokenFormState,
  type TokenFormValues,
  validateTokenFormValues,
} from "@/lib/validations/token";

type FieldErrors = Partial<Record<string, string[]>>;

/** A result of the server action other than a validation failure. */
export type TokenFormSuccess = Exclude<TokenFormState, { status: "idle" } | { status: "error" }>;

interface UseTokenFormOptions {
  idPrefix: string;
  initialValues: TokenFormValues;
  /** Passed to the shared schema (the edit form's current expiration date). */
  validationOptions?: TokenFormSchemaOptions;
  /** Calls the server action (create or update) with the form's data. */
  submit: (formData: FormData) => Promise<TokenFormState>;
  onSuccess: (result: TokenFormSuccess) => void;
}

const UNEXPECTED_ERROR = "Something went wrong and nothing was saved. Please try again.";

/**
 * State of the token form shared by the create dialog and the edit page: controlled values
 * (never reset by a failed submit), client-side validation with the same Zod schema as the
 * server action before anything is sent, the server's field errors shown next to their
 * fields, focus on the first invalid field, and a pending flag for the submit button.
 */
export function useTokenForm({
  idPrefix,
  initialValues,
  validationOptions,
  submit,
  onSuccess,
}: UseTokenFormOptions) {
  const [values, setValues] = useState<TokenFormValues>(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [isPending, startTransition] = useTransition();
  const [focusRequest, setFocusRequest] = useState(0);
  const onSuccessRef = useRef(onSuccess);
  onSuccessRef.current = onSuccess;

  // Focus moves to the first invalid field once its error is rendered, so screen readers
  // announce the label together with the message.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per failed submit, reading the errors of that submit
  useEffect(() => {
    if (focusRequest === 0) return;
    const first = TOKEN_FORM_FIELDS.find((field) => errors[field]?.length);
    if (first) document.getElementById(tokenFieldId(idPrefix, first))?.focus();
  }, [focusRequest]);

  function setValue(field: TokenFormField, value: string) {
    const next = { ...values, [field]: value };
    setValues(next);
    // Before the first submit, errors would only nag; afterwards each edit re-checks its
    // field so a fixed error disappears as soon as it is fixed. A server-only error (a
    // duplicate name) is dropped when the field changes, since it may no longer apply.
    if (submitted) {
      setErrors((current) => ({
        ...current,
        [field]: validateTokenFormValues(next, validationOptions)[field],
      }));
    }
  }

  function reset(nextValues: TokenFormValues) {
    setValues(nextValues);
    setErrors({});
    setFormError(null);
    setSubmitted(false);
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPending) return;
    setSubmitted(true);
    setFormError(null);

    const clientErrors = validateTokenFormValues(values, validationOptions);
    if (Object.keys(clientErrors).length > 0) {
      setErrors(clientErrors);
      setFormError(clientErrors.form?.[0] ?? null);
      setFocusRequest((count) => count + 1);
      return;
    }

    const formData = new FormData(event.currentTarget);
    startTransition(async () => {
      let result: TokenFormState;
      try {
        result = await submit(formData);
      } catch {
        setFormError(UNEXPECTED_ERROR);
        return;
      }
      if (result.status === "error") {
        setErrors(result.fieldErrors);
        // Problems that concern no single field arrive under "form" or as the message alone
        // (plan, permissions, a token revoked meanwhile). With field errors, the message is
        // only a summary of them and would repeat what the fields already say.
        const hasFieldErrors = TOKEN_FORM_FIELDS.some((field) => result.fieldErrors[field]?.length);
        setFormError(
          result.fieldErrors.form?.[0] ?? (hasFieldErrors ? null : result.message) ?? null,
        );
        setFocusRequest((count) => count + 1);
        return;
      }
      if (result.status === "idle") return;
      setErrors({});
      onSuccessRef.current(result);
    });
  }

  return { values, setValue, errors, formError, isPending, handleSubmit, reset };
}
