"use client";

import { unstable_rethrow } from "next/navigation";
import type * as React from "react";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import type {
  ActionFailure,
  ActionInput,
  ActionResult,
  FieldErrors,
  FormAction,
  FormValues,
} from "@/lib/actions/result";
import { useRequestConfirmation } from "./sudo-context";

// The one way a dashboard form talks to its server action: sign-up, password change, the
// token forms, revoking a token and changing the plan all go through it. It keeps the
// pending state, shows the server's field errors next to their fields and its message above
// them, moves focus to the first invalid field, and never loses what was typed (the form is
// submitted through a transition, which React does not follow with a form reset). A
// sensitive action refused for sudo mode (`sudo_required`) opens "Confirm it's you" and,
// once confirmed, is sent again with the same input: the form stays pending meanwhile and
// nothing has to be typed again.

export const UNREACHABLE_SERVER_MESSAGE = "Something went wrong. Please try again.";

export interface UseActionFormOptions<T> {
  /**
   * The fields the form shows, in order: focus goes to the first that has an error, and the
   * message above the form is left out when one of them already explains the failure.
   */
  fields?: readonly string[];
  /** Checks the form in the browser first (the server's schema); problems per field. */
  validate?: (formData: FormData) => FieldErrors;
  /** Shown when the action could not run at all (network failure, a new deployment). */
  failureMessage?: string;
  onSuccess?: (result: Extract<ActionResult<T>, { ok: true }>) => void;
}

/** What the hook keeps of an answer: a success's data goes to onSuccess and is not kept. */
type KeptResult = { ok: true; message?: string } | ActionFailure;

export function useActionForm<T>(action: FormAction<T>, options: UseActionFormOptions<T> = {}) {
  const { fields = [], failureMessage = UNREACHABLE_SERVER_MESSAGE } = options;
  const onSuccessRef = useRef(options.onSuccess);
  onSuccessRef.current = options.onSuccess;
  const requestConfirmation = useRequestConfirmation();
  const requestConfirmationRef = useRef(requestConfirmation);
  requestConfirmationRef.current = requestConfirmation;
  const [result, dispatch, isPending] = useActionState(
    async (_previous: KeptResult | null, input: ActionInput): Promise<KeptResult> => {
      let answer: ActionResult<T>;
      try {
        answer = await action(input);
        // Dismissed, the refusal stays on the form ("Confirm it's you to continue.").
        if (
          !answer.ok &&
          answer.code === "sudo_required" &&
          (await requestConfirmationRef.current())
        ) {
          answer = await action(input);
        }
      } catch (error) {
        // A redirect arrives as a rejection for Next's router to follow. Otherwise the action
        // itself never throws (see defineAction): only the transport does.
        unstable_rethrow(error);
        return { ok: false, message: failureMessage, fieldErrors: {}, values: {} };
      }
      if (!answer.ok) return answer;
      // Handed over once and not kept: a created token's only copy stays with its reveal.
      onSuccessRef.current?.(answer);
      return { ok: true, message: answer.message };
    },
    null,
  );
  const formRef = useRef<HTMLFormElement>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  // A new answer replaces the errors on screen (adjusting state while rendering, so they
  // appear in the same commit as the answer).
  const [shownResult, setShownResult] = useState(result);
  if (result !== shownResult) {
    setShownResult(result);
    showErrors(result && !result.ok ? result : null);
  }

  function showErrors(failure: { message?: string; fieldErrors: FieldErrors } | null) {
    const errors = failure?.fieldErrors ?? {};
    const explained = fields.some((field) => errors[field]?.length);
    setFieldErrors(errors);
    setFormError(errors.form?.[0] ?? (explained ? null : (failure?.message ?? null)));
    if (failure) setFocusRequest((count) => count + 1);
  }

  // Focus follows the errors once they are rendered, so a screen reader announces the
  // field's label together with its message.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per failed submit, reading that submit's errors
  useEffect(() => {
    if (focusRequest === 0) return;
    const form = formRef.current;
    const first = fields.find((field) => fieldErrors[field]?.length);
    const control = first ? form?.elements.namedItem(first) : null;
    // A hidden field (a choice made with radio buttons) cannot take focus; its visible
    // group is marked invalid, and focus goes to the group's selected radio.
    if (
      control instanceof HTMLElement &&
      !(control instanceof HTMLInputElement && control.type === "hidden")
    ) {
      control.focus();
    } else {
      const invalid = form?.querySelector<HTMLElement>("[aria-invalid=true]");
      (invalid?.getAttribute("role") === "radiogroup"
        ? invalid.querySelector<HTMLElement>('[tabindex="0"], [role=radio]')
        : invalid
      )?.focus();
    }
  }, [focusRequest]);

  /** Sends input that is not a form of fields (a button's choice, a dialog's confirmation). */
  function submit(input: ActionInput) {
    showErrors(null);
    startTransition(() => dispatch(input));
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPending) return;
    const formData = new FormData(event.currentTarget);
    const clientErrors = options.validate?.(formData) ?? {};
    if (Object.keys(clientErrors).length > 0) {
      showErrors({ fieldErrors: clientErrors });
      return;
    }
    submit(formData);
  }

  /** Clears every error and message (a dialog reopened, edits discarded). */
  function reset() {
    showErrors(null);
  }

  const failure = shownResult && !shownResult.ok ? shownResult : null;
  return {
    isPending,
    fieldErrors,
    formError,
    /** The success message of the last answer, if it had one. */
    successMessage: result?.ok ? (result.message ?? null) : null,
    /** What was typed, as the server returned it: the defaultValue of uncontrolled fields. */
    values: failure?.values ?? ({} as FormValues),
    /**
     * Spread on the <form>. With `action`, a form submitted before the page has hydrated is
     * queued by React and sent once it has, instead of falling back to a GET with the
     * fields (a password) in the URL.
     */
    formProps: {
      ref: formRef,
      action: dispatch,
      noValidate: true,
      onSubmit: handleSubmit,
      "aria-busy": isPending,
    },
    handleSubmit,
    submit,
    setFieldErrors,
    reset,
  };
}
